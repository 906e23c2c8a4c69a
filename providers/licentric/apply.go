package licentric

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sync"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
)

// Apply runs the changes in order: products, policies, then licenses,
// creates going through the key-preserving import in batches of 500.
// Every step is safe to retry and to re-run after a kill: imports carry a
// content-derived Idempotency-Key, updates are whole-field PATCHes, and a
// status action refused with 409 counts as done when a re-read shows the
// license already in the wanted status.
func (t *Target) Apply(ctx context.Context, changes []plan.Change, progress providers.Progress) error {
	i := 0
	for ; i < len(changes) && changes[i].Kind != plan.KindLicense; i++ {
		if err := t.applyCatalog(ctx, &changes[i]); err != nil {
			return err
		}
		report(progress, 1)
	}
	var creates, others []*plan.Change
	for ; i < len(changes); i++ {
		c := &changes[i]
		if c.Action != plan.Create {
			others = append(others, c)
			continue
		}
		creates = append(creates, c)
		if len(creates) == importBatch {
			if err := t.createBatch(ctx, creates); err != nil {
				return err
			}
			report(progress, len(creates))
			creates = creates[:0]
		}
	}
	if len(creates) > 0 {
		if err := t.createBatch(ctx, creates); err != nil {
			return err
		}
		report(progress, len(creates))
	}
	return t.applyConcurrently(ctx, others, progress)
}

// SetParallelism sets how many updates, status changes and deletes run at
// once (apply --parallelism); the pacer keeps them inside the rate limit.
func (t *Target) SetParallelism(n int) { t.parallelism = max(n, 1) }

// applyConcurrently runs one-license changes on up to parallelism
// workers and stops at the first error.
func (t *Target) applyConcurrently(ctx context.Context, cs []*plan.Change, progress providers.Progress) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan *plan.Change)
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	for range max(t.parallelism, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				err := t.applyLicense(ctx, c)
				mu.Lock()
				if err != nil && first == nil {
					first = fmt.Errorf("licentric: %s license %s: %w", c.Action, license.Key(c.ID).Ref(), err)
					cancel()
				} else if err == nil {
					report(progress, 1)
				}
				mu.Unlock()
			}
		}()
	}
	for _, c := range cs {
		select {
		case work <- c:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(work)
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		first = ctx.Err()
	}
	return first
}

func report(p providers.Progress, n int) {
	if p != nil {
		p(n)
	}
}

// created is the {data: {id}} answer of a create.
type created struct {
	Data struct {
		ID string `json:"id"`
	} `json:"data"`
}

func (t *Target) applyCatalog(ctx context.Context, c *plan.Change) error {
	t.mu.Lock()
	if t.productIDs == nil {
		t.productIDs, t.policyIDs = map[string]string{}, map[string]string{}
	}
	t.mu.Unlock()
	var err error
	var out created
	switch {
	case c.Product != nil:
		body := map[string]any{"code": c.Product.Code, "name": c.Product.Name}
		if c.Product.KeyPrefix != "" {
			body["keyPrefix"] = c.Product.KeyPrefix
		}
		if id, ok := t.productIDs[c.ID]; ok {
			// An earlier, interrupted run created it: update instead.
			err = t.c.do(ctx, call{method: "PATCH", path: "/products/" + url.PathEscape(id), body: body}, nil)
		} else if c.Action == plan.Create {
			err = t.c.do(ctx, call{method: "POST", path: "/products", body: body}, &out)
			if IsStatus(err, http.StatusConflict) {
				_, err = t.Snapshot(ctx) // created by an earlier, interrupted run: learn its id
			} else if err == nil {
				t.productIDs[c.ID] = out.Data.ID
			}
		} else {
			err = t.c.do(ctx, call{method: "PATCH", path: "/products/" + url.PathEscape(t.productIDs[c.ID]), body: body}, nil)
		}
	case c.Policy != nil:
		body := policyBody(c.Policy, t.productIDs[c.Policy.Product])
		if id, ok := t.policyIDs[c.ID]; ok {
			err = t.c.do(ctx, call{method: "PATCH", path: "/policies/" + url.PathEscape(id), body: body}, nil)
		} else if c.Action == plan.Create {
			if err = t.c.do(ctx, call{method: "POST", path: "/policies", body: body}, &out); err == nil {
				t.policyIDs[c.ID] = out.Data.ID
			}
		} else {
			err = t.c.do(ctx, call{method: "PATCH", path: "/policies/" + url.PathEscape(t.policyIDs[c.ID]), body: body}, nil)
		}
	}
	if err != nil {
		return fmt.Errorf("licentric: %s %s %s: %w", c.Action, c.Kind, c.ID, err)
	}
	return nil
}

// policyBody sends maxMachines every time; null goes with
// allowUnlimitedActivations, which satisfies both copies of the docs.
func policyBody(p *license.Policy, productID string) map[string]any {
	body := map[string]any{"productId": productID, "name": p.Name, "durationDays": p.DurationDays,
		"metadata": map[string]any{license.MarkerKey: map[string]string{"id": p.ID}}}
	if p.MaxMachines == license.Unlimited {
		body["maxMachines"], body["allowUnlimitedActivations"] = nil, true
	} else {
		body["maxMachines"] = p.MaxMachines
	}
	for k, v := range p.Fields {
		body[k] = json.RawMessage(v)
	}
	return body
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
	ans, err := t.importBatch(ctx, rows)
	if err != nil {
		return fmt.Errorf("licentric: import of %d licenses: %w", len(rows), err)
	}
	if len(ans.Data.Results) != len(rows) {
		return fmt.Errorf("licentric: import answered %d results for %d licenses", len(ans.Data.Results), len(rows))
	}
	var taken []*plan.Change
	for _, r := range ans.Data.Results {
		if r.Index < 0 || r.Index >= len(rows) {
			return fmt.Errorf("licentric: import answered an unknown row index %d", r.Index)
		}
		key := license.Key(rows[r.Index].Key)
		switch {
		case r.Error != nil && r.Error.Code == "KEY_TAKEN":
			taken = append(taken, cs[r.Index])
			continue
		case r.Error != nil:
			return fmt.Errorf("licentric: import refused license %s: %s %s", key.Ref(), r.Error.Code, r.Error.Error)
		case r.License == nil || r.License.Key != string(key):
			return fmt.Errorf("licentric: license %s was created with a different key; stopping so no customer is re-keyed (check docs/licentric-api.md)", key.Ref())
		}
		t.mu.Lock()
		if t.licenseIDs != nil {
			t.licenseIDs[key] = r.License.ID
		}
		t.mu.Unlock()
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
	snap, err := t.Snapshot(ctx)
	if err != nil {
		return err
	}
	ours := map[license.Key]license.Status{}
	for _, l := range snap.Licenses {
		if l.Origin.Source != "" {
			ours[l.Key] = l.Status
		}
	}
	for _, c := range taken {
		st, ok := ours[license.Key(c.ID)]
		if !ok {
			return fmt.Errorf("licentric: license %s already exists in the account and was not created by licentric-sync", license.Key(c.ID).Ref())
		}
		update := *c
		update.Action = plan.Update
		update.StatusAction, _ = license.Transition(st, c.License.Status)
		if err := t.applyLicense(ctx, &update); err != nil {
			return fmt.Errorf("licentric: bring license %s up to date: %w", license.Key(c.ID).Ref(), err)
		}
	}
	return nil
}

func (t *Target) row(l *license.License) (importRow, error) {
	productID, policyID := t.productIDs[l.Product], t.policyIDs[l.Policy]
	if productID == "" || policyID == "" {
		return importRow{}, fmt.Errorf("licentric: product %q or policy %q is not in the account", l.Product, l.Policy)
	}
	r := importRow{Key: string(l.Key), ProductID: productID, PolicyID: policyID, Status: l.Status, Name: opt(l.Name),
		UserEmail: opt(l.UserEmail), UserName: opt(l.UserName), ExpiresAt: opt(license.FormatTime(l.ExpiresAt)),
		MaxMachinesOverride: l.MaxMachinesOverride, Metadata: metadata(l)}
	if l.CreatedAt != nil {
		r.CreatedAt = opt(license.FormatTime(l.CreatedAt))
	}
	return r, nil
}

func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// metadata is the license's metadata with the ownership marker added.
func metadata(l *license.License) map[string]any {
	md := map[string]any{}
	if l.Metadata != "" {
		_ = json.Unmarshal([]byte(l.Metadata), &md)
	}
	if l.Origin.Source != "" {
		md[license.MarkerKey] = license.Marker{Source: l.Origin.Source, Platform: l.Origin.Platform, SourceID: l.Origin.SourceID}
	}
	return md
}
