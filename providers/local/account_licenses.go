package local

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/licentricapi"
)

// LicenseRecord is a license as the account API shows it: the wire
// object (ownership marker inside metadata) and its last update.
type LicenseRecord struct {
	licentricapi.License
	UpdatedAt string
}

const licenseColumns = `id, key, name, status, product_id, policy_id, user_email, user_name, expires_at, created_at, updated_at,
	max_machines_override, metadata, owner_source, owner_platform, owner_source_id, entitlements`

func scanRecord(row scanner) (LicenseRecord, error) {
	var r LicenseRecord
	var id int64
	var name, email, uname, created, md, src, platform, srcID string
	var expires sql.NullString
	var override sql.NullInt64
	var ents *string
	if err := row.Scan(&id, &r.Key, &name, &r.Status, &r.ProductID, &r.PolicyID, &email, &uname, &expires, &created, &r.UpdatedAt,
		&override, &md, &src, &platform, &srcID, &ents); err != nil {
		return r, err
	}
	r.Entitlements = codeList(ents)
	r.ID, r.Name, r.UserEmail, r.UserName, r.CreatedAt = strconv.FormatInt(id, 10), licentricapi.Opt(name), licentricapi.Opt(email),
		licentricapi.Opt(uname), licentricapi.Opt(created)
	if expires.Valid {
		r.ExpiresAt = &expires.String
	}
	if override.Valid {
		v := int(override.Int64)
		r.MaxMachinesOverride = &v
	}
	l := license.License{Metadata: md, Origin: license.Origin{Source: src, Platform: platform, SourceID: srcID}}
	var err error
	r.Metadata, err = licentricapi.Metadata(&l)
	return r, err
}

// licenseID reads an API license id: the decimal form of a row id, with no
// sign, spaces, leading zeros or fraction, so "01" or "1.0" is not license 1.
func licenseID(id string) (int64, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 || strconv.FormatInt(n, 10) != id {
		return 0, ErrNotFound
	}
	return n, nil
}

// ListLicenses returns up to limit live licenses with id > after, by id.
func (s *Store) ListLicenses(ctx context.Context, after int64, limit int) ([]LicenseRecord, error) {
	return list(ctx, s, "list licenses", `SELECT `+licenseColumns+` FROM licenses WHERE deleted_at IS NULL AND id > ? ORDER BY id LIMIT ?`,
		scanRecord, after, limit)
}

// GetLicense returns one live license by id.
func (s *Store) GetLicense(ctx context.Context, id string) (LicenseRecord, error) {
	n, err := licenseID(id)
	if err != nil {
		return LicenseRecord{}, err
	}
	return s.oneLicense(ctx, `id = ?`, n)
}

// LicenseByKey returns the live license with exactly this key.
func (s *Store) LicenseByKey(ctx context.Context, key license.Key) (LicenseRecord, error) {
	return s.oneLicense(ctx, `key = ?`, string(key))
}

func (s *Store) oneLicense(ctx context.Context, where string, arg any) (LicenseRecord, error) {
	r, err := scanRecord(s.db.QueryRowContext(ctx, `SELECT `+licenseColumns+` FROM licenses WHERE deleted_at IS NULL AND `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrNotFound
	}
	return r, s.wrap("read license", err)
}

// Set marks a field of a patch as sent; an unset field is left alone.
type Set[T any] struct {
	Sent  bool
	Value T
}

// LicensePatch is a field update. Strings set to "" and pointers set to
// nil clear the field; Metadata replaces the whole object, marker included.
type LicensePatch struct {
	Name, UserEmail, UserName, ProductID, PolicyID Set[string]
	ExpiresAt                                      Set[*string]
	MaxMachinesOverride                            Set[*int]
	Metadata                                       Set[json.RawMessage]
}

// UpdateLicense applies a patch to a live license in one statement.
func (s *Store) UpdateLicense(ctx context.Context, id string, p LicensePatch) error {
	n, err := licenseID(id)
	if err != nil {
		return err
	}
	for _, f := range []Set[string]{p.Name, p.UserEmail, p.UserName, p.ProductID, p.PolicyID} {
		if strings.IndexByte(f.Value, 0) >= 0 {
			return &ConflictError{Msg: "a field holds a NUL byte, which no Licentric field can hold"}
		}
	}
	set, args := []string{"updated_at=?"}, []any{s.now()}
	add := func(sent bool, col string, v any) {
		if sent {
			set, args = append(set, col+"=?"), append(args, v)
		}
	}
	add(p.Name.Sent, "name", p.Name.Value)
	add(p.UserEmail.Sent, "user_email", p.UserEmail.Value)
	add(p.UserName.Sent, "user_name", p.UserName.Value)
	add(p.ProductID.Sent, "product_id", p.ProductID.Value)
	add(p.PolicyID.Sent, "policy_id", p.PolicyID.Value)
	add(p.ExpiresAt.Sent, "expires_at", p.ExpiresAt.Value)
	add(p.MaxMachinesOverride.Sent, "max_machines_override", p.MaxMachinesOverride.Value)
	if p.Metadata.Sent {
		rest, mk, err := licentricapi.SplitMarker(p.Metadata.Value)
		if err != nil {
			return fmt.Errorf("metadata: %w", err)
		}
		if mk == nil {
			mk = &license.Marker{}
		}
		add(true, "metadata", rest)
		add(true, "owner_source", mk.Source)
		add(true, "owner_platform", mk.Platform)
		add(true, "owner_source_id", mk.SourceID)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE licenses SET `+strings.Join(set, ", ")+` WHERE id=? AND deleted_at IS NULL`, append(args, n)...)
	return s.touched("update license", res, err)
}

// DeleteLicense soft-deletes a live license.
func (s *Store) DeleteLicense(ctx context.Context, id string) error {
	n, err := licenseID(id)
	if err != nil {
		return err
	}
	now := s.now()
	res, err := s.db.ExecContext(ctx, `UPDATE licenses SET deleted_at=?, updated_at=? WHERE id=? AND deleted_at IS NULL`, now, now, n)
	return s.touched("delete license", res, err)
}

// TransitionLicense moves a live license to status to by action, with
// Licentric's lifecycle checked in the same statement that writes it, so
// two concurrent actions cannot both pass a check made before either wrote.
// action is the one the lifecycle names for the move, or "renew" for any
// move to active.
func (s *Store) TransitionLicense(ctx context.Context, id string, to license.Status, action string) error {
	n, err := licenseID(id)
	if err != nil {
		return err
	}
	var from []any
	for _, st := range license.Statuses {
		got, err := license.Transition(st, to)
		if err == nil && got != "" && (string(got) == action || (action == "renew" && to == license.Active)) {
			from = append(from, string(st))
		}
	}
	in := "''"
	if len(from) > 0 {
		in = strings.TrimSuffix(strings.Repeat("?,", len(from)), ",")
	}
	args := append([]any{string(to), s.now(), n}, from...)
	// Renewing an expired license adds to the active count: past the
	// plan's cap it is refused in the same statement, as a create is.
	capped := ""
	if s.ActiveCap > 0 && to != license.Expired {
		capped = ` AND (status <> 'expired' OR (SELECT count(*) FROM licenses WHERE deleted_at IS NULL AND status <> 'expired') < ?)`
		args = append(args, s.ActiveCap)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE licenses SET status=?, updated_at=? WHERE id=? AND deleted_at IS NULL AND status IN (`+in+`)`+capped, args...)
	if err := s.touched("change status", res, err); !errors.Is(err, ErrNotFound) {
		return err
	}
	cur, err := s.oneLicense(ctx, `id = ?`, n)
	if err != nil {
		return err
	}
	if capped != "" && cur.Status == license.Expired && slices.Contains(from, any(string(license.Expired))) {
		active, err := countActive(ctx, s.db)
		if err != nil {
			return s.wrap("count active licenses", err)
		}
		return &CapError{Cap: s.ActiveCap, Active: active + 1}
	}
	return &ConflictError{Msg: fmt.Sprintf("Cannot %s a %s license", action, cur.Status)}
}
