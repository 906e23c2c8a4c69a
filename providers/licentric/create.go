package licentric

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers/httpx"
)

// Creates that happen once. Licentric documents no idempotency key for
// POST /products or POST /policies, so a create whose answer was lost is
// never simply sent again: the account is first searched by the
// resource's identity (a product's code, a policy's ownership marker),
// and an earlier attempt found there is adopted. Runs that create the
// same policy at once each re-read after creating; all agree on the
// oldest copy (created first, then smallest id), and a run whose copy is
// not it deletes its own copy and uses the oldest.

// tally counts what an apply found already done, so its report counts
// only what this run did.
type tally struct {
	mu               sync.Mutex
	creates, deletes int
}

func (t *tally) add(creates, deletes int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.creates += creates
	t.deletes += deletes
}

// AlreadyDone is providers.Tallier: creates this run found made (by
// another run, or an earlier one whose answer was lost) and adopted, and
// deletes it found done.
func (t *Target) AlreadyDone() (creates, deletes int) {
	t.done.mu.Lock()
	defer t.done.mu.Unlock()
	return t.done.creates, t.done.deletes
}

// createOnce POSTs body to path. After a failure that may have taken
// effect it asks find for the resource before sending again; found
// means the earlier attempt worked.
func (t *Target) createOnce(ctx context.Context, path string, body map[string]any, find func(context.Context) (string, error)) (string, error) {
	var id string
	err := t.c.retry.Do(ctx, "POST "+path, func(int) (httpx.Outcome, error) {
		var out created
		err := t.c.do(ctx, call{method: "POST", path: path, body: body, once: true}, &out)
		var unsure *UncertainError
		if !errors.As(err, &unsure) {
			id = out.Data.ID
			return httpx.Outcome{}, err
		}
		found, ferr := find(ctx)
		if ferr != nil {
			return httpx.Outcome{}, fmt.Errorf("%w; then looking for it before sending it again: %v", err, ferr)
		}
		id = found
		if found != "" {
			return httpx.Outcome{}, nil
		}
		return httpx.Outcome{Retry: true}, err
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// policyCopy is what telling copies of a policy apart needs.
type policyCopy struct {
	ID        string                     `json:"id"`
	CreatedAt string                     `json:"createdAt"`
	Metadata  map[string]json.RawMessage `json:"metadata"`
}

// configID is the config id in the policy's ownership marker, or "".
func (p policyCopy) configID() string {
	var mk struct {
		ID string `json:"id"`
	}
	if raw, ok := p.Metadata[license.MarkerKey]; ok && json.Unmarshal(raw, &mk) == nil {
		return mk.ID
	}
	return ""
}

// older orders copies of one policy: created first, then smallest id;
// every run that sees the same copies picks the same oldest.
func older(a, b policyCopy) bool {
	ta, ea := time.Parse(time.RFC3339Nano, a.CreatedAt)
	tb, eb := time.Parse(time.RFC3339Nano, b.CreatedAt)
	switch {
	case ea == nil && eb == nil && !ta.Equal(tb):
		return ta.Before(tb)
	case (ea != nil || eb != nil) && a.CreatedAt != b.CreatedAt:
		return a.CreatedAt < b.CreatedAt
	}
	return a.ID < b.ID
}

// policyCopies lists the account's policies carrying our marker, per
// config id, the oldest first; listed is every policy as listed.
func (t *Target) policyCopies(ctx context.Context) (out map[string][]policyCopy, listed [][]byte, err error) {
	out = map[string][]policyCopy{}
	err = t.listAll(ctx, "/policies", func(raw json.RawMessage) error {
		listed = append(listed, raw)
		var p policyCopy
		if err := json.Unmarshal(raw, &p); err != nil {
			return fmt.Errorf("a policy object: %w", err)
		}
		if id := p.configID(); id != "" {
			cs := append(out[id], p)
			if older(p, cs[0]) {
				cs[0], cs[len(cs)-1] = p, cs[0]
			}
			out[id] = cs
		}
		return nil
	})
	return out, listed, err
}

// createPolicy creates policy cfgID once and returns its id; settle
// must follow before licenses use it.
func (t *Target) createPolicy(ctx context.Context, cfgID string, body map[string]any) (string, error) {
	id, err := t.createOnce(ctx, "/policies", body, func(ctx context.Context) (string, error) {
		cs, _, err := t.policyCopies(ctx)
		if err != nil || len(cs[cfgID]) == 0 {
			return "", err
		}
		return cs[cfgID][0].ID, nil
	})
	if err == nil {
		t.madePolicies = append(t.madePolicies, madePolicy{cfgID: cfgID, id: id, body: body})
	}
	return id, err
}

// madePolicy is a policy this apply created, until settle checks it.
type madePolicy struct {
	cfgID, id string
	body      map[string]any
}

// settle re-reads the policies once after this apply created some. Where
// another run created the same policy first, this run's copy is deleted
// (no license uses it yet) and the oldest is used and brought up to date.
// When it finds no such copy, what it read is the account's policies as
// they stand, and the view takes them from it (t.settled, keepCatalog)
// instead of listing them again.
func (t *Target) settle(ctx context.Context) error {
	made := t.madePolicies
	t.madePolicies, t.settled = nil, nil
	if len(made) == 0 {
		return nil
	}
	copies, listed, err := t.policyCopies(ctx)
	if err != nil {
		return fmt.Errorf("licentric: re-read policies after creating them: %w", err)
	}
	t.settled = listed
	for _, m := range made {
		cs := copies[m.cfgID]
		if len(cs) == 0 || cs[0].ID == m.id {
			continue
		}
		t.settled = nil // this run writes policies again below
		oldest := cs[0].ID
		err := t.c.do(ctx, call{method: "DELETE", path: "/policies/" + url.PathEscape(m.id)}, nil)
		if err != nil && !IsStatus(err, http.StatusNotFound) {
			return fmt.Errorf("licentric: another run created policy %s too; removing this run's copy %s: %w", m.cfgID, m.id, err)
		}
		t.done.add(1, 0)
		t.ids.setPolicy(m.cfgID, oldest)
		if err := t.c.do(ctx, call{method: "PATCH", path: "/policies/" + url.PathEscape(oldest), body: m.body}, nil); err != nil {
			return fmt.Errorf("licentric: update policy %s: %w", m.cfgID, err)
		}
	}
	return nil
}

// createProduct creates a product once (its code is unique in an
// account) and returns the id to use; one another run created is adopted
// and brought up to date.
func (t *Target) createProduct(ctx context.Context, code string, body map[string]any) (string, error) {
	find := func(ctx context.Context) (string, error) {
		id := ""
		err := t.listAll(ctx, "/products", func(raw json.RawMessage) error {
			var p struct{ ID, Code string }
			if err := json.Unmarshal(raw, &p); err == nil && p.Code == code {
				id = p.ID
			}
			return nil
		})
		return id, err
	}
	id, err := t.createOnce(ctx, "/products", body, find)
	if !IsStatus(err, http.StatusConflict) {
		return id, err
	}
	if id, err = find(ctx); err != nil || id == "" {
		return "", fmt.Errorf("the code is taken, but no product with it is listed: %w", err)
	}
	t.done.add(1, 0)
	return id, t.c.do(ctx, call{method: "PATCH", path: "/products/" + url.PathEscape(id), body: body}, nil)
}
