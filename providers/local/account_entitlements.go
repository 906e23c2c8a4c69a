package local

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// EntitlementRecord is an entitlement document as the account API shows it.
type EntitlementRecord struct {
	ID, Code, Name       string
	Metadata             json.RawMessage
	CreatedAt, UpdatedAt string
}

// ListEntitlements returns up to limit live entitlements with id > after, by id.
func (s *Store) ListEntitlements(ctx context.Context, after string, limit int) ([]EntitlementRecord, error) {
	return list(ctx, s, "list entitlements", `SELECT id, code, name, metadata, created_at, updated_at
		FROM entitlements WHERE deleted_at IS NULL AND id > ? ORDER BY id LIMIT ?`, func(row scanner) (EntitlementRecord, error) {
		var e EntitlementRecord
		var md string
		err := row.Scan(&e.ID, &e.Code, &e.Name, &md, &e.CreatedAt, &e.UpdatedAt)
		e.Metadata = object(md)
		return e, err
	}, after, limit)
}

// CreateEntitlement stores a new entitlement; a live one with the same
// code is a conflict, as codes are unique in an account.
func (s *Store) CreateEntitlement(ctx context.Context, code, name string) (EntitlementRecord, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return EntitlementRecord{}, err
	}
	e := EntitlementRecord{ID: id.String(), Code: code, Name: name, Metadata: object(""), CreatedAt: s.now()}
	e.UpdatedAt = e.CreatedAt
	res, err := s.db.ExecContext(ctx, `INSERT INTO entitlements (id, code, name, created_at, updated_at)
		SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM entitlements WHERE code=? AND deleted_at IS NULL)`,
		e.ID, code, name, e.CreatedAt, e.UpdatedAt, code)
	if err != nil {
		return e, s.wrap("create entitlement", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return e, &ConflictError{Msg: fmt.Sprintf("an entitlement with code %q exists", code)}
	}
	return e, nil
}

// SetPolicyEntitlements replaces the codes attached to a live policy.
// Every code must name a live entitlement.
func (s *Store) SetPolicyEntitlements(ctx context.Context, id string, codes []string) error {
	if err := s.entitlementsExist(ctx, codes); err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE policies SET entitlements=?, updated_at=? WHERE id=? AND deleted_at IS NULL`,
		strings.Join(codes, ","), s.now(), id)
	return s.touched("attach entitlements to policy", res, err)
}

// SetLicenseEntitlements replaces the codes attached to a live license;
// nil detaches them all, so it has its policy's again.
func (s *Store) SetLicenseEntitlements(ctx context.Context, id string, codes []string) error {
	n, err := licenseID(id)
	if err != nil {
		return err
	}
	if err := s.entitlementsExist(ctx, codes); err != nil {
		return err
	}
	var v any
	if codes != nil {
		v = strings.Join(codes, ",")
	}
	res, err := s.db.ExecContext(ctx, `UPDATE licenses SET entitlements=?, updated_at=? WHERE id=? AND deleted_at IS NULL`, v, s.now(), n)
	return s.touched("attach entitlements to license", res, err)
}

// entitlementsExist refuses a code no live entitlement has (ErrNotFound,
// naming it).
func (s *Store) entitlementsExist(ctx context.Context, codes []string) error {
	for _, c := range codes {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM entitlements WHERE code=? AND deleted_at IS NULL`, c).Scan(&n); err != nil {
			return s.wrap("find entitlement", err)
		}
		if n == 0 {
			return fmt.Errorf("entitlement %q: %w", c, ErrNotFound)
		}
	}
	return nil
}

// codeList is a stored list as the API shows it: nil for NULL (a
// license with its policy's), else the codes.
func codeList(col *string) *[]string {
	if col == nil {
		return nil
	}
	out := splitCodes(*col)
	return &out
}
