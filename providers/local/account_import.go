package local

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/licentricapi"
)

// ImportResult is one row's outcome: the created license's id, or an
// error code (VALIDATION_ERROR, NOT_FOUND, KEY_TAKEN) and message.
type ImportResult struct {
	Index int
	ID    string
	Key   string
	Code  string
	Error string
}

// Import is a key-preserving import request: rows are created with
// exactly their keys and statuses, or get a per-row error.
type Import struct {
	Rows   []licentricapi.License
	DryRun bool
	// Idempotency names the request; a replay returns the first answer.
	Idempotency string
	// Answer renders the results as the stored answer of the request; it
	// runs inside the import's transaction so the answer is kept with the
	// rows it describes.
	Answer func(results []ImportResult, created int) ([]byte, error)
}

// replayed returns the stored answer of an earlier import with the same
// idempotency key, if there was one.
func replayed(ctx context.Context, tx *sql.Tx, idem string) ([]byte, bool, error) {
	if idem == "" {
		return nil, false, nil
	}
	var stored string
	err := tx.QueryRowContext(ctx, `SELECT response FROM idempotency WHERE key=?`, idem).Scan(&stored)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read idempotency record: %w", err)
	}
	return []byte(stored), true, nil
}

// ImportLicenses runs an import in one transaction and returns its
// answer; replay is true when the idempotency key named an earlier
// import, whose stored answer is returned and nothing is written.
func (s *Store) ImportLicenses(ctx context.Context, req Import) (answer []byte, replay bool, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if req.DryRun {
			return s.dryRun(ctx, tx, req, &answer)
		}
		stored, ok, err := replayed(ctx, tx, req.Idempotency)
		if err != nil || ok {
			answer, replay = stored, ok
			return err
		}
		results, created, err := s.importRows(ctx, tx, req)
		if err != nil {
			return err
		}
		if answer, err = req.Answer(results, created); err != nil || req.Idempotency == "" {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO idempotency (key, response, created_at) VALUES (?,?,?)`, req.Idempotency, string(answer), s.now())
		return err
	})
	return answer, replay, s.wrap("import", err)
}

// dryRun checks every row and writes nothing.
func (s *Store) dryRun(ctx context.Context, tx *sql.Tx, req Import, answer *[]byte) error {
	results, created, err := s.importRows(ctx, tx, req)
	if err != nil {
		return err
	}
	*answer, err = req.Answer(results, created)
	return err
}

func (s *Store) importRows(ctx context.Context, tx *sql.Tx, req Import) ([]ImportResult, int, error) {
	policies, err := policyProducts(ctx, tx)
	if err != nil {
		return nil, 0, err
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO licenses (key, name, status, product_id, policy_id, user_email, user_name, expires_at,
		created_at, updated_at, max_machines_override, metadata, owner_source, owner_platform, owner_source_id)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (key) WHERE deleted_at IS NULL DO NOTHING`)
	if err != nil {
		return nil, 0, err
	}
	defer ins.Close()
	now := s.now()
	results, created := make([]ImportResult, len(req.Rows)), 0
	seen := map[string]bool{}
	active := 0
	if s.ActiveCap > 0 {
		if active, err = countActive(ctx, tx); err != nil {
			return nil, 0, err
		}
	}
	for i := range req.Rows {
		row := &req.Rows[i]
		results[i] = ImportResult{Index: i, Key: row.Key}
		if code, msg := checkRow(row, policies, seen); code != "" {
			results[i].Code, results[i].Error = code, msg
			continue
		}
		if s.ActiveCap > 0 && row.Status != license.Expired && active >= s.ActiveCap {
			results[i].Code, results[i].Error = "PLAN_LIMIT_REACHED", fmt.Sprintf("the plan allows %d active licenses; creating is blocked at the cap", s.ActiveCap)
			continue
		}
		if req.DryRun {
			created++
			continue
		}
		id, err := insertRow(ctx, ins, row, now)
		if err != nil {
			return nil, 0, err
		}
		if id == 0 {
			results[i].Code, results[i].Error = "KEY_TAKEN", "a license with this key already exists"
			continue
		}
		results[i].ID = strconv.FormatInt(id, 10)
		created++
		if row.Status != license.Expired {
			active++
		}
	}
	return results, created, nil
}

// policyProducts maps live policy ids to their product ids.
func policyProducts(ctx context.Context, tx *sql.Tx) (map[string]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, product_id FROM policies WHERE deleted_at IS NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, product string
		if err := rows.Scan(&id, &product); err != nil {
			return nil, err
		}
		out[id] = product
	}
	return out, rows.Err()
}

// checkRow applies the store's rules to one import row: a key, a live
// policy of the named product, a status, Licentric timestamps.
func checkRow(row *licentricapi.License, policies map[string]string, seen map[string]bool) (code, msg string) {
	switch {
	case row.Key == "":
		return "VALIDATION_ERROR", "key is required"
	case len(row.Key) > license.MaxKeyBytes:
		return "VALIDATION_ERROR", fmt.Sprintf("key is %d bytes; at most %d", len(row.Key), license.MaxKeyBytes)
	case strings.TrimSpace(row.Key) == "":
		return "VALIDATION_ERROR", "key is only white space"
	case strings.IndexFunc(row.Key, unicode.IsControl) >= 0:
		return "VALIDATION_ERROR", "key holds a control character (such as NUL)"
	case seen[row.Key]:
		return "KEY_TAKEN", "the key appears twice in this import"
	case policies[row.PolicyID] == "":
		return "NOT_FOUND", "policyId does not name a policy"
	case policies[row.PolicyID] != row.ProductID:
		return "VALIDATION_ERROR", "productId is not the policy's product"
	}
	for _, v := range []string{licentricapi.Str(row.Name), licentricapi.Str(row.UserEmail), licentricapi.Str(row.UserName)} {
		if strings.IndexByte(v, 0) >= 0 {
			return "VALIDATION_ERROR", "a field holds a NUL byte"
		}
	}
	if row.Status == "" {
		row.Status = license.Active
	}
	if st, ok := license.ParseStatus(string(row.Status)); !ok || st != row.Status {
		return "VALIDATION_ERROR", fmt.Sprintf("status %q is not one of active, suspended, expired, revoked, banned", row.Status)
	}
	if err := errors.Join(CheckTime(row.ExpiresAt), CheckTime(row.CreatedAt)); err != nil {
		return "VALIDATION_ERROR", err.Error()
	}
	seen[row.Key] = true
	return "", ""
}

// CheckTime accepts Licentric's timestamp form (nil and "" mean none).
func CheckTime(p *string) error {
	if p == nil || *p == "" {
		return nil
	}
	if _, err := license.ParseTime(*p); err != nil {
		return fmt.Errorf("%q is not an ISO 8601 UTC timestamp with milliseconds", *p)
	}
	return nil
}

func insertRow(ctx context.Context, ins *sql.Stmt, row *licentricapi.License, now string) (int64, error) {
	created := now
	if row.CreatedAt != nil && *row.CreatedAt != "" {
		created = *row.CreatedAt
	}
	rest, mk, err := licentricapi.SplitMarker(row.Metadata)
	if err != nil {
		return 0, fmt.Errorf("metadata: %w", err)
	}
	if mk == nil {
		mk = &license.Marker{}
	}
	var expires any
	if row.ExpiresAt != nil && *row.ExpiresAt != "" {
		expires = *row.ExpiresAt
	}
	res, err := ins.ExecContext(ctx, row.Key, licentricapi.Str(row.Name), string(row.Status), row.ProductID, row.PolicyID,
		licentricapi.Str(row.UserEmail), licentricapi.Str(row.UserName), expires, created, now, row.MaxMachinesOverride, rest,
		mk.Source, mk.Platform, mk.SourceID)
	if err != nil {
		return 0, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return 0, err
	}
	return res.LastInsertId()
}
