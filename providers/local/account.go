package local

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/licentric/licentric-sync/license"
)

// The account API: what the sandbox server serves, as typed operations on
// the store, so no SQL lives outside this package. Errors are ErrNotFound,
// a *ConflictError, or a store failure.

// ErrNotFound is a live row that does not exist.
var ErrNotFound = errors.New("not found")

// ConflictError is an operation the store's rules refuse: a duplicate
// product code, a key in use, a status change the lifecycle forbids.
type ConflictError struct{ Msg string }

// Error is the rule that refused, as the sandbox answers it (409).
func (e *ConflictError) Error() string { return e.Msg }

// ProductRecord is a product row with its ids and timestamps.
type ProductRecord struct {
	ID, Code, Name, KeyPrefix, Description string
	Metadata                               json.RawMessage
	CreatedAt, UpdatedAt                   string
}

// PolicyRecord is a policy row. ConfigID is the marker's id in metadata;
// Fields holds the other documented policy fields as JSON values.
type PolicyRecord struct {
	ID, ProductID, Name       string
	MaxMachines, DurationDays *int64
	Fields                    map[string]json.RawMessage
	ConfigID                  string
	Metadata                  json.RawMessage
	CreatedAt, UpdatedAt      string
	// Entitlements are the codes attached to the policy (set apart, by
	// SetPolicyEntitlements).
	Entitlements []string
}

// ListProducts returns up to limit live products with id > after, by id.
func (s *Store) ListProducts(ctx context.Context, after string, limit int) ([]ProductRecord, error) {
	return list(ctx, s, "list products", `SELECT id, code, name, key_prefix, description, metadata, created_at, updated_at
		FROM products WHERE deleted_at IS NULL AND id > ? ORDER BY id LIMIT ?`, func(row scanner) (ProductRecord, error) {
		var p ProductRecord
		var md string
		err := row.Scan(&p.ID, &p.Code, &p.Name, &p.KeyPrefix, &p.Description, &md, &p.CreatedAt, &p.UpdatedAt)
		p.Metadata = object(md)
		return p, err
	}, after, limit)
}

// CreateProduct stores a new product; a live product with its code is a
// conflict.
func (s *Store) CreateProduct(ctx context.Context, p ProductRecord) (ProductRecord, error) {
	md, err := canonicalObject(p.Metadata)
	if err != nil {
		return p, err
	}
	p.ID, p.CreatedAt = uuid.NewString(), s.now()
	p.UpdatedAt = p.CreatedAt
	_, err = s.db.ExecContext(ctx, `INSERT INTO products (id, code, name, key_prefix, description, metadata, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?)`, p.ID, p.Code, p.Name, p.KeyPrefix, p.Description, md, p.CreatedAt, p.UpdatedAt)
	if isUnique(err) {
		return p, &ConflictError{Msg: fmt.Sprintf("a product with code %q exists", p.Code)}
	}
	return p, s.wrap("create product", err)
}

// UpdateProduct changes the fields given (nil leaves a field as it is).
func (s *Store) UpdateProduct(ctx context.Context, id string, name, keyPrefix, description *string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE products SET name=COALESCE(?, name), key_prefix=COALESCE(?, key_prefix),
		description=COALESCE(?, description), updated_at=? WHERE id=? AND deleted_at IS NULL`, name, keyPrefix, description, s.now(), id)
	return s.touched("update product", res, err)
}

// ListPolicies returns up to limit live policies with id > after, by id.
func (s *Store) ListPolicies(ctx context.Context, after string, limit int) ([]PolicyRecord, error) {
	return list(ctx, s, "list policies", `SELECT id, product_id, name, max_machines, duration_days, fields, config_id, metadata, created_at, updated_at, entitlements
		FROM policies WHERE deleted_at IS NULL AND id > ? ORDER BY id LIMIT ?`, func(row scanner) (PolicyRecord, error) {
		var p PolicyRecord
		var fields, md, ents string
		if err := row.Scan(&p.ID, &p.ProductID, &p.Name, &p.MaxMachines, &p.DurationDays, &fields, &p.ConfigID, &md, &p.CreatedAt, &p.UpdatedAt, &ents); err != nil {
			return p, err
		}
		p.Entitlements = splitCodes(ents)
		p.Metadata = object(md)
		var err error
		if p.Fields, err = policyFields(fields); err != nil {
			return p, fmt.Errorf("policy %s: fields: %w", p.ID, err)
		}
		return p, nil
	}, after, limit)
}

// CreatePolicy stores a new policy of a live product.
func (s *Store) CreatePolicy(ctx context.Context, p PolicyRecord) (PolicyRecord, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM products WHERE id=? AND deleted_at IS NULL`, p.ProductID).Scan(&n); err != nil {
		return p, s.wrap("create policy", err)
	}
	if n == 0 {
		return p, fmt.Errorf("product %s: %w", p.ProductID, ErrNotFound)
	}
	fields, md, err := policyColumns(p)
	if err != nil {
		return p, err
	}
	// A time-ordered id (UUIDv7), so copies created in one millisecond
	// still sort in creation order, as clients telling copies apart expect.
	id, err := uuid.NewV7()
	if err != nil {
		return p, err
	}
	p.ID, p.CreatedAt = id.String(), s.now()
	p.UpdatedAt = p.CreatedAt
	_, err = s.db.ExecContext(ctx, `INSERT INTO policies (id, product_id, name, max_machines, duration_days, fields, config_id, metadata, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?)`, p.ID, p.ProductID, p.Name, p.MaxMachines, p.DurationDays, fields, p.ConfigID, md, p.CreatedAt, p.UpdatedAt)
	return p, s.wrap("create policy", err)
}

// UpdatePolicy replaces a policy's limits and fields, and its name and
// product when given ("" leaves them).
func (s *Store) UpdatePolicy(ctx context.Context, p PolicyRecord) error {
	fields, _, err := policyColumns(p)
	if err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE policies SET name=COALESCE(NULLIF(?, ''), name), product_id=COALESCE(NULLIF(?, ''), product_id),
		max_machines=?, duration_days=?, fields=?, updated_at=? WHERE id=? AND deleted_at IS NULL`,
		p.Name, p.ProductID, p.MaxMachines, p.DurationDays, fields, s.now(), p.ID)
	return s.touched("update policy", res, err)
}

// DeletePolicy soft-deletes a live policy that no live license uses
// (a conflict otherwise), as Licentric's DELETE /policies/{id}.
func (s *Store) DeletePolicy(ctx context.Context, id string) error {
	now := s.now()
	res, err := s.db.ExecContext(ctx, `UPDATE policies SET deleted_at=?, updated_at=? WHERE id=? AND deleted_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM licenses WHERE policy_id=? AND deleted_at IS NULL)`, now, now, id, id)
	err = s.touched("delete policy", res, err)
	if errors.Is(err, ErrNotFound) {
		var n int
		if s.db.QueryRowContext(ctx, `SELECT count(*) FROM policies WHERE id=? AND deleted_at IS NULL`, id).Scan(&n) == nil && n > 0 {
			return &ConflictError{Msg: "the policy has licenses; move or delete them first"}
		}
	}
	return err
}

func policyColumns(p PolicyRecord) (fields, md string, err error) {
	if len(p.Fields) > 0 {
		texts := make(map[string]string, len(p.Fields))
		for k, v := range p.Fields {
			texts[k] = string(v)
		}
		b, err := json.Marshal(texts)
		if err != nil {
			return "", "", err
		}
		fields = string(b)
	}
	md, err = canonicalObject(p.Metadata)
	return fields, md, err
}

// policyFields reads the fields column, an object whose values are the
// JSON text of each field (as license.Policy.Fields holds them).
func policyFields(col string) (map[string]json.RawMessage, error) {
	if col == "" {
		return nil, nil
	}
	var texts map[string]string
	if err := json.Unmarshal([]byte(col), &texts); err != nil {
		return nil, err
	}
	out := make(map[string]json.RawMessage, len(texts))
	for k, v := range texts {
		if !json.Valid([]byte(v)) {
			return nil, fmt.Errorf("%s is not JSON", k)
		}
		out[k] = json.RawMessage(v)
	}
	return out, nil
}

// touched turns an UPDATE's result into ErrNotFound when no live row
// was touched.
func (s *Store) touched(what string, res sql.Result, err error) error {
	if err != nil {
		return s.wrap(what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return s.wrap(what, err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// scanner is a row to scan: *sql.Row or *sql.Rows.
type scanner interface{ Scan(...any) error }

// list runs a query and scans each row it returns, every failure wrapped
// as the operation what: the one read loop of the account API's lists.
func list[T any](ctx context.Context, s *Store, what, query string, scan func(scanner) (T, error), args ...any) ([]T, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, s.wrap(what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, s.wrap(what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap(what, err)
	}
	return out, nil
}

func isUnique(err error) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// object is a stored metadata column as a JSON object ({} for none).
func object(col string) json.RawMessage {
	if col == "" {
		return json.RawMessage("{}")
	}
	return json.RawMessage(col)
}

// canonicalObject is metadata as the store keeps it: canonical JSON, ""
// for an empty or absent object.
func canonicalObject(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return "", fmt.Errorf("metadata must be a JSON object: %w", err)
	}
	return license.CanonicalJSON(m)
}
