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
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
)

// ErrConflict is returned when a change would touch a license that is not
// ours, or create a key that exists and is not ours.
var ErrConflict = errors.New("conflict")

// Apply executes changes in order. Products and policies go in one
// transaction; licenses in transactions of BatchSize changes, so a failure
// or a kill loses at most the batch in flight, and a re-run finishes it.
// Every change is idempotent: creating a key that is already ours updates
// it, a status already reached is left alone.
func (s *Store) Apply(ctx context.Context, changes []plan.Change, progress providers.Progress) error {
	var catalogChanges, licenseChanges []plan.Change
	for _, c := range changes {
		if c.Kind == plan.KindLicense {
			licenseChanges = append(licenseChanges, c)
		} else {
			catalogChanges = append(catalogChanges, c)
		}
	}
	if len(catalogChanges) > 0 {
		if err := s.inTx(ctx, func(tx *sql.Tx) error { return s.applyCatalog(ctx, tx, catalogChanges) }); err != nil {
			return err
		}
		progress.Report(len(catalogChanges))
	}
	if len(licenseChanges) == 0 {
		return nil
	}
	cat, err := s.readCatalog(ctx, &license.Snapshot{})
	if err != nil {
		return err
	}
	batch := s.Capabilities().BatchSize
	for start := 0; start < len(licenseChanges); start += batch {
		end := min(start+batch, len(licenseChanges))
		part := licenseChanges[start:end]
		if err := s.inTx(ctx, func(tx *sql.Tx) error { return s.applyLicenses(ctx, tx, cat, part) }); err != nil {
			return err
		}
		progress.Report(len(part))
	}
	return nil
}

func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.wrap("begin", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return s.wrap("commit", tx.Commit())
}

func (s *Store) now() string { return s.Now().UTC().Format(license.TimeLayout) }

func (s *Store) applyCatalog(ctx context.Context, tx *sql.Tx, changes []plan.Change) error {
	for _, c := range changes {
		var err error
		switch {
		case c.Kind == plan.KindProduct && c.Product != nil:
			err = s.upsertProduct(ctx, tx, c.Product)
		case c.Kind == plan.KindPolicy && c.Policy != nil:
			err = s.upsertPolicy(ctx, tx, c.Policy)
		default:
			err = fmt.Errorf("unsupported change %s %s", c.Action, c.Kind)
		}
		if err != nil {
			return fmt.Errorf("local store %s: %s %s %s: %w", s.display, c.Action, c.Kind, c.ID, err)
		}
	}
	return nil
}

func (s *Store) upsertProduct(ctx context.Context, tx *sql.Tx, p *license.Product) error {
	now := s.now()
	res, err := tx.ExecContext(ctx, `UPDATE products SET name=?, key_prefix=?, updated_at=? WHERE code=? AND deleted_at IS NULL`,
		p.Name, p.KeyPrefix, now, p.Code)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO products (id, code, name, key_prefix, metadata, created_at, updated_at) VALUES (?,?,?,?,?,?,?)`,
		uuid.NewString(), p.Code, p.Name, p.KeyPrefix, `{"`+license.MarkerKey+`":{"managed":true}}`, now, now)
	return err
}

func (s *Store) upsertPolicy(ctx context.Context, tx *sql.Tx, p *license.Policy) error {
	var productID string
	if err := tx.QueryRowContext(ctx, `SELECT id FROM products WHERE code=? AND deleted_at IS NULL`, p.Product).Scan(&productID); err != nil {
		return fmt.Errorf("product %q not found: %w", p.Product, err)
	}
	fields := ""
	if len(p.Fields) > 0 {
		b, _ := json.Marshal(p.Fields)
		fields = string(b)
	}
	var maxM, dur any
	if p.MaxMachines != license.Unlimited {
		maxM = p.MaxMachines
	}
	if p.DurationDays != nil {
		dur = *p.DurationDays
	}
	now := s.now()
	if err := ensureEntitlements(ctx, tx, p.Entitlements, now); err != nil {
		return err
	}
	ents := strings.Join(p.Entitlements, ",")
	res, err := tx.ExecContext(ctx, `UPDATE policies SET product_id=?, name=?, max_machines=?, duration_days=?, fields=?, entitlements=?, updated_at=?
		WHERE config_id=? AND deleted_at IS NULL`, productID, p.Name, maxM, dur, fields, ents, now, p.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	meta, _ := json.Marshal(map[string]any{license.MarkerKey: map[string]string{"id": p.ID}})
	_, err = tx.ExecContext(ctx, `INSERT INTO policies (id, product_id, name, max_machines, duration_days, fields, entitlements, config_id, metadata, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?)`, uuid.NewString(), productID, p.Name, maxM, dur, fields, ents, p.ID, string(meta), now, now)
	return err
}
