package local

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unique"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/pipeline"
	"github.com/licentric/licentric-sync/plan"
)

func nowUTC() time.Time { return time.Now().UTC() }

// catalog maps store ids to the identities the plan uses.
type catalog struct {
	productCode map[string]string // product id → code
	productID   map[string]string // code → product id
	policyCfg   map[string]string // policy id → config id
	policyID    map[string]string // config id → policy id
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
	rows, err = s.db.QueryContext(ctx, `SELECT id, product_id, name, max_machines, duration_days, fields, config_id, entitlements
		FROM policies WHERE deleted_at IS NULL ORDER BY config_id, id`)
	if err != nil {
		return nil, s.wrap("read policies", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, productID, fields, ents string
		var maxM, dur sql.NullInt64
		var ps license.PolicyState
		if err := rows.Scan(&id, &productID, &ps.Name, &maxM, &dur, &fields, &ps.ID, &ents); err != nil {
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
			if err := json.Unmarshal([]byte(fields), &ps.Fields); err != nil {
				return nil, s.wrap("read policies", fmt.Errorf("policy %s: fields: %w", id, err))
			}
		}
		if ents != "" {
			ps.Entitlements = splitCodes(ents)
		}
		cat.policyCfg[id] = ps.ID
		if ps.ID != "" {
			cat.policyID[ps.ID] = id
		}
		snap.Policies = append(snap.Policies, ps)
	}
	return cat, s.wrap("read policies", rows.Err())
}

// licenseRow selects a license as one NUL-separated text value: the
// driver then converts one column per row instead of fourteen, which is
// most of the cost of reading a million licenses.
const licenseRow = `key || char(0) || name || char(0) || status || char(0) || product_id || char(0) || policy_id
	|| char(0) || user_email || char(0) || user_name || char(0) || COALESCE(expires_at, '') || char(0) || created_at
	|| char(0) || COALESCE(max_machines_override, '') || char(0) || metadata || char(0) || owner_source
	|| char(0) || owner_platform || char(0) || owner_source_id || char(0) || COALESCE('=' || entitlements, '')`

const licenseFieldCount = 15

// scanBatch carries rows from the reading goroutine to the caller, so the
// database and the planner each get a core (pipeline.Ordered).
type scanBatch struct {
	ls  []license.License
	t   [][2]time.Time
	o   []int
	n   int
	err error
}

const scanBatchSize, scanBatches = 1024, 4

func newScanBatch() *scanBatch {
	return &scanBatch{ls: make([]license.License, scanBatchSize), t: make([][2]time.Time, scanBatchSize), o: make([]int, scanBatchSize)}
}

// scanLicenses calls fn for every live license in key order (byte order,
// the plan's order), reusing the License it passes: fn must copy what it
// keeps.
func (s *Store) scanLicenses(ctx context.Context, cat *catalog, fn func(*license.License) error) error {
	pool := pipeline.NewRecycle(scanBatches, newScanBatch)
	var failed error
	err := pipeline.Ordered(ctx, 0, func(ctx context.Context, submit func(func() *scanBatch) error) error {
		return s.produce(ctx, cat, pool, submit)
	}, func(b *scanBatch) bool {
		for i := 0; i < b.n && failed == nil; i++ {
			failed = fn(&b.ls[i])
		}
		if failed == nil {
			failed = b.err
		}
		pool.Put(b)
		return failed == nil
	})
	if failed != nil {
		return failed
	}
	return err
}

// produce reads rows into batches until the table ends, a row fails or
// ctx is done.
func (s *Store) produce(ctx context.Context, cat *catalog, pool pipeline.Recycle[*scanBatch], submit func(func() *scanBatch) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT `+licenseRow+` FROM licenses WHERE deleted_at IS NULL ORDER BY key`)
	if err != nil {
		return s.wrap("read licenses", err)
	}
	defer rows.Close()
	var row string
	for {
		b, err := pool.Get(ctx)
		if err != nil {
			return err
		}
		b.n, b.err = 0, nil
		for b.n < scanBatchSize && rows.Next() {
			if b.err = rows.Scan(&row); b.err == nil {
				b.err = splitLicense(row, &b.ls[b.n], cat, &b.t[b.n], &b.o[b.n])
			}
			if b.err != nil {
				b.err = s.wrap("read licenses", b.err)
				break
			}
			b.n++
		}
		if b.err == nil && b.n < scanBatchSize {
			b.err = s.wrap("read licenses", rows.Err())
		}
		last := b.err != nil || b.n < scanBatchSize
		if err := submit(func() *scanBatch { return b }); err != nil || last {
			return err
		}
	}
}

// splitLicense fills l from one licenseRow value. Times and the override
// point into the caller's scratch space, valid until the next row.
func splitLicense(row string, l *license.License, cat *catalog, times *[2]time.Time, override *int) error {
	var f [licenseFieldCount]string
	for i := 0; i < licenseFieldCount-1; i++ {
		j := strings.IndexByte(row, 0)
		if j < 0 {
			return fmt.Errorf("malformed license row")
		}
		f[i], row = row[:j], row[j+1:]
	}
	f[licenseFieldCount-1] = row
	*l = license.License{Key: license.Key(f[0]), Name: f[1], Status: license.Status(canonical(f[2])),
		Product: cat.productCode[f[3]], Policy: cat.policyCfg[f[4]], UserEmail: f[5], UserName: f[6], Metadata: f[10],
		Origin: license.Origin{Source: canonical(f[11]), Platform: canonical(f[12]), SourceID: f[13]}}
	if f[7] != "" {
		t, err := license.ParseTime(f[7])
		if err != nil {
			return fmt.Errorf("license %s: expires_at %q: %w", l.Key.Ref(), f[7], err)
		}
		times[0], l.ExpiresAt = t, &times[0]
	}
	t, err := license.ParseTime(f[8])
	if err != nil {
		return fmt.Errorf("license %s: created_at %q: %w", l.Key.Ref(), f[8], err)
	}
	times[1], l.CreatedAt = t, &times[1]
	if f[9] != "" {
		v, err := strconv.Atoi(f[9])
		if err != nil {
			return fmt.Errorf("license %s: max_machines_override %q: %w", l.Key.Ref(), f[9], err)
		}
		*override, l.MaxMachinesOverride = v, override
	}
	if codes, own := strings.CutPrefix(f[14], "="); own {
		l.Entitlements = splitCodes(codes)
	}
	return nil
}

// canonical is the one copy of a text a million licenses share (a
// status, a source or platform name), by the standard library's unique
// package.
func canonical(s string) string { return unique.Make(s).Value() }

func (s *Store) wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("local store %s: %s: %w", s.display, what, err)
}

// Current streams the store to the planner without holding its licenses.
func (s *Store) Current(ctx context.Context) (plan.Current, error) {
	snap := &license.Snapshot{}
	cat, err := s.readCatalog(ctx, snap)
	if err != nil {
		return plan.Current{}, err
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM licenses WHERE deleted_at IS NULL`).Scan(&n); err != nil {
		return plan.Current{}, s.wrap("count licenses", err)
	}
	return plan.Current{Products: snap.Products, Policies: snap.Policies, Count: n, Licenses: func(fn func(*license.License) error) error {
		return s.scanLicenses(ctx, cat, fn)
	}}, nil
}
