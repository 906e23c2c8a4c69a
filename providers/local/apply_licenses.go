package local

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
)

// licenseStmts are the prepared statements of one batch.
type licenseStmts struct {
	insert, update, setStatus, remove, current *sql.Stmt
	tx                                         *sql.Tx
}

func prepare(ctx context.Context, tx *sql.Tx) (*licenseStmts, error) {
	st := licenseStmts{tx: tx}
	var err error
	prep := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var p *sql.Stmt
		p, err = tx.PrepareContext(ctx, q)
		return p
	}
	st.insert = prep(`INSERT INTO licenses (key, name, status, product_id, policy_id, user_email, user_name, expires_at,
		created_at, updated_at, max_machines_override, metadata, owner_source, owner_platform, owner_source_id)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (key) WHERE deleted_at IS NULL DO NOTHING`)
	st.update = prep(`UPDATE licenses SET name=?, product_id=?, policy_id=?, user_email=?, user_name=?, expires_at=?,
		max_machines_override=?, metadata=?, owner_source=?, owner_platform=?, owner_source_id=?, updated_at=?
		WHERE key=? AND deleted_at IS NULL`)
	st.setStatus = prep(`UPDATE licenses SET status=?, updated_at=? WHERE key=? AND deleted_at IS NULL`)
	st.remove = prep(`UPDATE licenses SET deleted_at=?, updated_at=? WHERE key=? AND deleted_at IS NULL AND owner_source != ''`)
	st.current = prep(`SELECT status, owner_source FROM licenses WHERE key=? AND deleted_at IS NULL`)
	return &st, err
}

func (s *Store) applyLicenses(ctx context.Context, tx *sql.Tx, cat *catalog, changes []plan.Change) error {
	st, err := prepare(ctx, tx)
	if err != nil {
		return s.wrap("prepare", err)
	}
	before, err := s.activeBefore(ctx, tx, changes)
	if err != nil {
		return err
	}
	now := s.now()
	for i := range changes {
		c := &changes[i]
		if err := storable(c.License); err != nil {
			return fmt.Errorf("local store %s: %s license %s: %w", s.display, c.Action, license.Key(c.ID).Ref(), err)
		}
		var err error
		switch c.Action {
		case plan.Create:
			err = s.createLicense(ctx, st, cat, c, now)
		case plan.Delete:
			_, err = st.remove.ExecContext(ctx, now, now, c.ID)
		default:
			err = s.updateLicense(ctx, st, cat, c, now)
		}
		if err != nil {
			return fmt.Errorf("local store %s: %s license %s: %w", s.display, c.Action, license.Key(c.ID).Ref(), err)
		}
	}
	return s.checkActiveCap(ctx, tx, before)
}

// storable refuses text the store cannot hold exactly: a NUL byte, the
// separator of its fast row reader. The mapping refuses it first; this
// keeps any other writer from making the store unreadable.
func storable(l *license.License) error {
	if l == nil {
		return nil
	}
	for _, v := range []string{string(l.Key), l.Name, l.UserEmail, l.UserName, l.Metadata, l.Origin.Source, l.Origin.Platform, l.Origin.SourceID} {
		if strings.IndexByte(v, 0) >= 0 {
			return errors.New("a field holds a NUL byte, which no Licentric field can hold")
		}
	}
	return nil
}

// raisesActive reports whether a change can add to the active count: a
// create, or a reinstate (which renews an expired license).
func raisesActive(c plan.Change) bool {
	return c.Action == plan.Create || c.StatusAction == license.Reinstate
}

// activeBefore is the active count before a batch that can raise it
// (-1 when the cap is off or nothing in the batch can raise it).
func (s *Store) activeBefore(ctx context.Context, tx *sql.Tx, changes []plan.Change) (int, error) {
	if s.ActiveCap <= 0 || !slices.ContainsFunc(changes, raisesActive) {
		return -1, nil
	}
	n, err := countActive(ctx, tx)
	return n, s.wrap("count active licenses", err)
}

// checkActiveCap refuses a batch that takes the active count past the
// store's cap (ActiveCap) by creating or renewing licenses, as Licentric
// blocks both at its plan's cap: the batch rolls back, earlier batches
// stay. A batch that does not raise the count (reinstating a suspended
// license) passes even over the cap.
func (s *Store) checkActiveCap(ctx context.Context, tx *sql.Tx, before int) error {
	if before < 0 {
		return nil
	}
	n, err := countActive(ctx, tx)
	if err != nil {
		return s.wrap("count active licenses", err)
	}
	if n > s.ActiveCap && n > before {
		return &CapError{Cap: s.ActiveCap, Active: n}
	}
	return nil
}

// countActive counts live licenses that are not expired: what a plan's
// active-license cap counts (suspended ones included).
func countActive(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM licenses WHERE deleted_at IS NULL AND status <> 'expired'`).Scan(&n)
	return n, err
}

// CapError is creating or renewing past the account's active-license cap.
type CapError struct{ Cap, Active int }

// Error leads with Licentric's own code (PLAN_LIMIT_REACHED), so a local
// apply stops with the words a Licentric account would give.
func (e *CapError) Error() string {
	return fmt.Sprintf("PLAN_LIMIT_REACHED: the plan allows %d active licenses and this would make %d; creating and renewing are blocked at the cap", e.Cap, e.Active)
}

func (s *Store) createLicense(ctx context.Context, st *licenseStmts, cat *catalog, c *plan.Change, now string) error {
	l := c.License
	productID, policyID, err := ids(cat, l)
	if err != nil {
		return err
	}
	created := now
	if l.CreatedAt != nil {
		created = license.FormatTime(l.CreatedAt)
	}
	res, err := st.insert.ExecContext(ctx, string(l.Key), l.Name, string(l.Status), productID, policyID, l.UserEmail, l.UserName,
		nullTime(l.ExpiresAt), created, now, nullInt(l.MaxMachinesOverride), l.Metadata, l.Origin.Source, l.Origin.Platform, l.Origin.SourceID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return setLicenseEntitlements(ctx, st.tx, string(l.Key), l.Entitlements, now)
	}
	// The key exists: a re-run after a kill created it already, or it is
	// someone else's. Only ours may be brought up to date.
	return s.updateLicense(ctx, st, cat, c, now)
}

func (s *Store) updateLicense(ctx context.Context, st *licenseStmts, cat *catalog, c *plan.Change, now string) error {
	l := c.License
	var status, owner string
	err := st.current.QueryRowContext(ctx, c.ID).Scan(&status, &owner)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("not found in the store (it changed since the plan); run plan again")
	}
	if err != nil {
		return err
	}
	if owner == "" && !c.Adopt {
		return fmt.Errorf("%w: the key exists but was not created by licentric-sync; set options.on_conflict", ErrConflict)
	}
	productID, policyID, err := ids(cat, l)
	if err != nil {
		return err
	}
	if _, err := license.Transition(license.Status(status), l.Status); err != nil {
		return err
	}
	if _, err := st.update.ExecContext(ctx, l.Name, productID, policyID, l.UserEmail, l.UserName, nullTime(l.ExpiresAt),
		nullInt(l.MaxMachinesOverride), l.Metadata, l.Origin.Source, l.Origin.Platform, l.Origin.SourceID, now, c.ID); err != nil {
		return err
	}
	if err := setLicenseEntitlements(ctx, st.tx, c.ID, l.Entitlements, now); err != nil {
		return err
	}
	if license.Status(status) != l.Status {
		_, err = st.setStatus.ExecContext(ctx, string(l.Status), now, c.ID)
	}
	return err
}

func ids(cat *catalog, l *license.License) (productID, policyID string, err error) {
	productID, ok := cat.productID[l.Product]
	if !ok {
		return "", "", fmt.Errorf("product %q is not in the store", l.Product)
	}
	policyID, ok = cat.policyID[l.Policy]
	if !ok {
		return "", "", fmt.Errorf("policy %q is not in the store", l.Policy)
	}
	return productID, policyID, nil
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return license.FormatTime(t)
}

func nullInt(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}
