package local

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/licentric/licentric-sync/license"
)

func nowUTC() time.Time { return time.Now().UTC() }

// catalog maps store ids to the identities the plan uses.
type catalog struct {
	productCode map[string]string // product id → code
	productID   map[string]string // code → product id
	policyCfg   map[string]string // policy id → config id
	policyID    map[string]string // config id → policy id
}

// Snapshot reads everything live (not soft-deleted). Licenses come back
// with their ownership marker in Origin and metadata without it.
func (s *Store) Snapshot(ctx context.Context) (*license.Snapshot, error) {
	snap := &license.Snapshot{}
	cat, err := s.readCatalog(ctx, snap)
	if err != nil {
		return nil, err
	}
	if snap.Licenses, err = s.readLicenses(ctx, cat); err != nil {
		return nil, err
	}
	return snap, nil
}

func (s *Store) readCatalog(ctx context.Context, snap *license.Snapshot) (*catalog, error) {
	cat := &catalog{productCode: map[string]string{}, productID: map[string]string{}, policyCfg: map[string]string{}, policyID: map[string]string{}}
	rows, err := s.db.QueryContext(ctx, `SELECT id, code, name, key_prefix FROM products WHERE deleted_at IS NULL ORDER BY code`)
	if err != nil {
		return nil, s.wrap("read products", err)
	}
	for rows.Next() {
		var id string
		var p license.Product
		if err := rows.Scan(&id, &p.Code, &p.Name, &p.KeyPrefix); err != nil {
			rows.Close()
			return nil, s.wrap("read products", err)
		}
		cat.productCode[id], cat.productID[p.Code] = p.Code, id
		snap.Products = append(snap.Products, p)
	}
	rows.Close()
	rows, err = s.db.QueryContext(ctx, `SELECT id, product_id, name, max_machines, duration_days, fields, config_id
		FROM policies WHERE deleted_at IS NULL ORDER BY config_id, id`)
	if err != nil {
		return nil, s.wrap("read policies", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, productID, fields string
		var maxM, dur sql.NullInt64
		var ps license.PolicyState
		if err := rows.Scan(&id, &productID, &ps.Name, &maxM, &dur, &fields, &ps.ID); err != nil {
			return nil, s.wrap("read policies", err)
		}
		ps.Product, ps.Managed = cat.productCode[productID], ps.ID != ""
		ps.MaxMachines = license.Unlimited
		if maxM.Valid {
			ps.MaxMachines = int(maxM.Int64)
		}
		if dur.Valid {
			d := int(dur.Int64)
			ps.DurationDays = &d
		}
		if fields != "" {
			_ = json.Unmarshal([]byte(fields), &ps.Fields)
		}
		cat.policyCfg[id] = ps.ID
		if ps.ID != "" {
			cat.policyID[ps.ID] = id
		}
		snap.Policies = append(snap.Policies, ps)
	}
	return cat, s.wrap("read policies", rows.Err())
}

// licenseColumns is shared by the snapshot and the sandbox's reads.
const licenseColumns = `key, name, status, product_id, policy_id, user_email, user_name, expires_at, created_at,
	max_machines_override, metadata, owner_source, owner_platform, owner_source_id`

func (s *Store) readLicenses(ctx context.Context, cat *catalog) ([]license.License, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM licenses WHERE deleted_at IS NULL`).Scan(&n); err != nil {
		return nil, s.wrap("count licenses", err)
	}
	out := make([]license.License, 0, n)
	rows, err := s.db.QueryContext(ctx, `SELECT `+licenseColumns+` FROM licenses WHERE deleted_at IS NULL`)
	if err != nil {
		return nil, s.wrap("read licenses", err)
	}
	defer rows.Close()
	intern := newInterner()
	for rows.Next() {
		var l license.License
		if err := scanLicense(rows, &l, cat, intern); err != nil {
			return nil, s.wrap("read licenses", err)
		}
		out = append(out, l)
	}
	return out, s.wrap("read licenses", rows.Err())
}

type scanner interface{ Scan(dest ...any) error }

func scanLicense(row scanner, l *license.License, cat *catalog, intern *interner) error {
	var key, status, productID, policyID string
	var expires sql.NullString
	var created string
	var override sql.NullInt64
	if err := row.Scan(&key, &l.Name, &status, &productID, &policyID, &l.UserEmail, &l.UserName, &expires, &created,
		&override, &l.Metadata, &l.Origin.Source, &l.Origin.Platform, &l.Origin.SourceID); err != nil {
		return err
	}
	l.Key = license.Key(key)
	l.Status = license.Status(intern.get(status))
	l.Product, l.Policy = cat.productCode[productID], cat.policyCfg[policyID]
	l.Origin.Source, l.Origin.Platform = intern.get(l.Origin.Source), intern.get(l.Origin.Platform)
	if expires.Valid {
		t, err := time.Parse(license.TimeLayout, expires.String)
		if err != nil {
			return fmt.Errorf("license %s: expires_at %q: %w", l.Key.Ref(), expires.String, err)
		}
		l.ExpiresAt = &t
	}
	if t, err := time.Parse(license.TimeLayout, created); err == nil {
		l.CreatedAt = &t
	}
	if override.Valid {
		v := int(override.Int64)
		l.MaxMachinesOverride = &v
	}
	return nil
}

// interner shares the backing memory of the few distinct status and
// source names across a million licenses.
type interner struct{ m map[string]string }

func newInterner() *interner { return &interner{m: map[string]string{}} }

func (in *interner) get(s string) string {
	if v, ok := in.m[s]; ok {
		return v
	}
	in.m[s] = s
	return s
}

func (s *Store) wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("local store %s: %s: %w", s.display, what, err)
}
