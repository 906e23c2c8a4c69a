package licentric

import (
	"context"
	"fmt"
	"net/url"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/licentric/view"
)

// Apply runs products, then policies, in the order given; then license
// creates through the key-preserving import in batches; then the other
// license changes on up to parallelism workers, in any order (each touches
// one license). Every step is safe to retry and to re-run after a kill:
// imports carry a content-derived Idempotency-Key, updates are whole-field
// PATCHes, and a status action refused with 409 counts as done when a
// re-read shows the license already in the wanted status.
func (t *Target) Apply(ctx context.Context, changes []plan.Change, progress providers.Progress) error {
	if err := t.ensureEntitlements(ctx, changes); err != nil {
		return err
	}
	i := 0
	for ; i < len(changes) && changes[i].Kind != plan.KindLicense; i++ {
		if err := t.applyCatalog(ctx, &changes[i]); err != nil {
			return err
		}
		progress.Report(1)
	}
	if err := t.settle(ctx); err != nil {
		return err
	}
	if i > 0 {
		if err := t.keepCatalog(ctx); err != nil {
			return err
		}
	}
	var creates, others []*plan.Change
	for ; i < len(changes); i++ {
		if c := &changes[i]; c.Action == plan.Create {
			creates = append(creates, c)
		} else {
			others = append(others, c)
		}
	}
	if len(creates) > 0 {
		if err := t.ensureIDs(ctx); err != nil {
			return err
		}
	}
	for len(creates) > 0 {
		n := min(len(creates), importBatch)
		if err := t.createBatch(ctx, creates[:n]); err != nil {
			return err
		}
		progress.Report(n)
		creates = creates[n:]
	}
	return t.applyConcurrently(ctx, others, progress)
}

// SetParallelism sets how many updates, status changes and deletes run at
// once (apply --parallelism); the pacer keeps them inside the rate limit.
func (t *Target) SetParallelism(n int) { t.parallelism = max(n, 1) }

// applyConcurrently runs one-license changes on up to parallelism
// workers and stops at the first error.
func (t *Target) applyConcurrently(ctx context.Context, cs []*plan.Change, progress providers.Progress) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(t.parallelism, 1))
	var mu sync.Mutex
	for _, c := range cs {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if err := t.applyLicense(gctx, c); err != nil {
				return fmt.Errorf("licentric: %s license %s: %w", c.Action, license.Key(c.ID).Ref(), err)
			}
			mu.Lock()
			defer mu.Unlock()
			progress.Report(1)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return ctx.Err()
}

// created is the {data: {id}} answer of a create.
type created struct {
	Data struct {
		ID string `json:"id"`
	} `json:"data"`
}

// applyCatalog creates or updates one product or policy. An id already
// known means an earlier, interrupted run created it: it is updated.
// Creates happen once (see create.go).
func (t *Target) applyCatalog(ctx context.Context, c *plan.Change) error {
	var err error
	switch {
	case c.Product != nil:
		body := map[string]any{"code": c.Product.Code, "name": c.Product.Name}
		if c.Product.KeyPrefix != "" {
			body["keyPrefix"] = c.Product.KeyPrefix
		}
		err = t.upsert(ctx, "/products", t.ids.product(c.ID), body, func() (string, error) { return t.createProduct(ctx, c.ID, body) },
			func(id string) { t.ids.setProduct(c.ID, id) })
	case c.Policy != nil:
		body := policyBody(c.Policy, t.ids.product(c.Policy.Product))
		err = t.upsert(ctx, "/policies", t.ids.policy(c.ID), body, func() (string, error) { return t.createPolicy(ctx, c.ID, body) },
			func(id string) { t.ids.setPolicy(c.ID, id) })
		if list, set := c.SetsEntitlements(); err == nil && set {
			err = t.attach(ctx, "/policies", t.ids.policy(c.ID), list)
		}
	}
	if err != nil {
		return fmt.Errorf("licentric: %s %s %s: %w", c.Action, c.Kind, c.ID, err)
	}
	return nil
}

// upsert PATCHes path/id when id is known, else creates and records the
// new id.
func (t *Target) upsert(ctx context.Context, path, id string, body map[string]any, create func() (string, error), learned func(string)) error {
	if id != "" {
		return t.c.do(ctx, call{method: "PATCH", path: path + "/" + url.PathEscape(id), body: body}, nil)
	}
	id, err := create()
	if err != nil {
		return err
	}
	learned(id)
	return nil
}

// createBatch imports licenses and checks that each was created with
// exactly the key requested: a re-keyed license would lock its customer
// out, so it stops the apply.
func (t *Target) createBatch(ctx context.Context, cs []*plan.Change) error {
	rows := make([]importRow, len(cs))
	for i, c := range cs {
		row, err := t.row(c.License)
		if err != nil {
			return err
		}
		rows[i] = row
	}
	ans, replayed, err := t.importBatch(ctx, rows)
	if err != nil {
		return fmt.Errorf("licentric: import of %d licenses: %w", len(rows), err)
	}
	if len(ans.Data.Results) != len(rows) {
		return fmt.Errorf("licentric: import answered %d results for %d licenses", len(ans.Data.Results), len(rows))
	}
	var taken []*plan.Change
	var made []view.License
	for _, r := range ans.Data.Results {
		if r.Index < 0 || r.Index >= len(rows) {
			return fmt.Errorf("licentric: import answered an unknown row index %d", r.Index)
		}
		key := license.Key(rows[r.Index].Key)
		switch {
		case r.keyTaken():
			taken = append(taken, cs[r.Index])
			continue
		case r.Error != nil:
			return fmt.Errorf("licentric: import refused license %s: %s %s", key.Ref(), r.Error.Code, r.Error.Error)
		case r.License == nil || r.License.Key != string(key):
			return fmt.Errorf("licentric: license %s was created with a different key; stopping so no customer is re-keyed (check docs/licentric-api.md)", key.Ref())
		}
		t.ids.setLicense(key, r.License.ID)
		if replayed { // another run sent this very batch first
			t.done.add(1, 0)
		}
		row := rows[r.Index]
		row.ID = r.License.ID
		kl, err := keptLicense(&row)
		if err != nil {
			return err
		}
		made = append(made, kl)
	}
	if t.viewed() && len(made) > 0 {
		if err := t.kept.v.Put(ctx, made...); err != nil {
			return err
		}
	}
	if err := t.attachCreated(ctx, cs); err != nil {
		return err
	}
	return t.adoptTaken(ctx, taken)
}

// adoptTaken handles keys the import found already there. If the license
// carries our marker, an earlier run created it (its answer was lost, or
// the idempotency record expired): bring it up to date. Otherwise the key
// belongs to someone else and the apply stops.
func (t *Target) adoptTaken(ctx context.Context, taken []*plan.Change) error {
	if len(taken) == 0 {
		return nil
	}
	snap, err := t.readAccount(ctx)
	if err != nil {
		return err
	}
	ours := map[license.Key]license.Status{}
	for _, l := range snap.Licenses {
		if l.Origin.Source != "" {
			ours[l.Key] = l.Status
		}
	}
	t.done.add(len(taken), 0)
	for _, c := range taken {
		st, ok := ours[license.Key(c.ID)]
		if !ok {
			return fmt.Errorf("licentric: license %s already exists in the account and was not created by licentric-sync", license.Key(c.ID).Ref())
		}
		update := *c
		update.Action = plan.Update
		update.StatusAction, _ = license.Transition(st, c.License.Status)
		if c.License.Entitlements != nil { // attach its own list too
			update.Fields = append(update.Fields[:len(update.Fields):len(update.Fields)], plan.FieldDiff{Field: "entitlements"})
		}
		if err := t.applyLicense(ctx, &update); err != nil {
			return fmt.Errorf("licentric: bring license %s up to date: %w", license.Key(c.ID).Ref(), err)
		}
	}
	return nil
}
