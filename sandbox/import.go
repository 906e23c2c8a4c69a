package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/licentric/licentric-sync/license"
)

// MaxImportRows is the import batch limit we assume (docs/licentric-api.md).
const MaxImportRows = 500

type importRequest struct {
	DryRun   bool          `json:"dryRun"`
	Licenses []licenseBody `json:"licenses"`
}

type rowResult struct {
	Index   int            `json:"index"`
	License map[string]any `json:"license,omitempty"`
	Error   *rowError      `json:"error,omitempty"`
}

type rowError struct {
	Code  string `json:"code"`
	Error string `json:"error"`
}

var importMu sync.Mutex

// importLicenses is the key-preserving import (our assumed schema): each
// row is created with exactly its key and status, or gets an error. A
// replayed Idempotency-Key returns the first answer and creates nothing.
func (s *Server) importLicenses(w http.ResponseWriter, r *http.Request) {
	var req importRequest
	if !decode(w, r, &req) {
		return
	}
	if len(req.Licenses) > MaxImportRows {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "at most %d licenses per import, got %d", MaxImportRows, len(req.Licenses))
		return
	}
	importMu.Lock()
	defer importMu.Unlock()
	idem := r.Header.Get("Idempotency-Key")
	if idem != "" && !req.DryRun {
		var stored string
		err := s.store.DB().QueryRowContext(r.Context(), `SELECT response FROM idempotency WHERE key=?`, idem).Scan(&stored)
		if err == nil {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte(stored))
			return
		}
	}
	results, created, err := s.runImport(r.Context(), req, idem)
	if err != nil {
		fail(w, http.StatusInternalServerError, "INTERNAL", "%v", err)
		return
	}
	data(w, http.StatusOK, map[string]any{"dryRun": req.DryRun, "created": created, "failed": len(results) - created, "results": results})
}

func (s *Server) runImport(ctx context.Context, req importRequest, idem string) ([]rowResult, int, error) {
	tx, err := s.store.DB().BeginTx(ctx, nil)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
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
	now := s.now()
	results, created := make([]rowResult, len(req.Licenses)), 0
	seen := map[string]bool{}
	for i, row := range req.Licenses {
		results[i].Index = i
		if msg, code := checkRow(row, policies, seen); msg != "" {
			results[i].Error = &rowError{Code: code, Error: msg}
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
			results[i].Error = &rowError{Code: "KEY_TAKEN", Error: "a license with this key already exists"}
			continue
		}
		results[i].License = map[string]any{"id": strconv.FormatInt(id, 10), "key": *row.Key}
		created++
	}
	if !req.DryRun && idem != "" {
		body, _ := json.Marshal(map[string]any{"data": map[string]any{"dryRun": false, "created": created, "failed": len(results) - created, "results": results}})
		if _, err := tx.ExecContext(ctx, `INSERT INTO idempotency (key, response, created_at) VALUES (?,?,?)`, idem, string(body), now); err != nil {
			return nil, 0, err
		}
	}
	return results, created, tx.Commit()
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

func checkRow(row licenseBody, policies map[string]string, seen map[string]bool) (msg, code string) {
	switch {
	case row.Key == nil || *row.Key == "":
		return "key is required", "VALIDATION_ERROR"
	case seen[*row.Key]:
		return "the key appears twice in this import", "KEY_TAKEN"
	case row.PolicyID == nil || policies[*row.PolicyID] == "":
		return "policyId does not name a policy", "NOT_FOUND"
	case row.ProductID == nil || policies[*row.PolicyID] != *row.ProductID:
		return "productId is not the policy's product", "VALIDATION_ERROR"
	}
	if row.Status != nil {
		if _, ok := license.ParseStatus(*row.Status); !ok || strings.ToLower(*row.Status) != *row.Status {
			return fmt.Sprintf("status %q is not one of active, suspended, expired, revoked, banned", *row.Status), "VALIDATION_ERROR"
		}
	}
	if err := errors.Join(checkTime(row.ExpiresAt), checkTime(row.CreatedAt)); err != nil {
		return err.Error(), "VALIDATION_ERROR"
	}
	seen[*row.Key] = true
	return "", ""
}

func insertRow(ctx context.Context, ins *sql.Stmt, row licenseBody, now string) (int64, error) {
	status, created := "active", now
	if row.Status != nil {
		status = *row.Status
	}
	if row.CreatedAt != nil && *row.CreatedAt != "" {
		created = *row.CreatedAt
	}
	rest, src, plat, sid := marker(row.Metadata)
	res, err := ins.ExecContext(ctx, *row.Key, deref(row.Name), status, *row.ProductID, *row.PolicyID, deref(row.UserEmail), deref(row.UserName),
		optional(row.ExpiresAt), created, now, optionalInt(row.MaxMachinesOverride), rest, src, plat, sid)
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, nil
	}
	return res.LastInsertId()
}
