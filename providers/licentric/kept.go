package licentric

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/licentricapi"
	"github.com/licentric/licentric-sync/providers/licentric/view"
)

// The account read once, then kept (providers/licentric/view). With a
// view, Current reads the account whole only when the view is missing,
// of another account, older than maxAge, or refresh was asked for;
// otherwise it plans from the view. Every write records its answer in the
// view as it arrives, so a kill never leaves the view believing a write
// that did not happen (or missing one that did: the row is marked in
// flight before the request and looked at again by the next run).

// kept is the target's view and how it is used.
type kept struct {
	v       *view.View
	maxAge  time.Duration
	refresh bool
	now     func() time.Time
	account string
	// readNow is true once this run read the account whole.
	readNow bool
	// asOf is the view's meta data when Current used it.
	asOf view.Meta
	// counted is how many of this run's requests were added to the
	// month's total.
	counted int64
	// countOnly: the view only counts this run's requests (verify and
	// list read the account whole and keep nothing).
	countOnly bool
	// other: this run reached another account than the view's (a
	// refused plan or apply, an unaccepted refresh, a verify or list with
	// other credentials): its requests are not added to the view's month.
	other bool
	// noRecheck: writes go out without reading their license first
	// (target.licentric.recheck: false, see NoRecheck).
	noRecheck bool
}

// UseView makes the target plan from v while v is younger than maxAge
// (0: never), unless refresh asks for a full read now. The target closes v.
func (t *Target) UseView(v *view.View, maxAge time.Duration, refresh bool, now func() time.Time) {
	t.kept = &kept{v: v, maxAge: maxAge, refresh: refresh, now: now, account: v.Account(t.c.base, t.c.key)}
}

// NoRecheck makes writes skip the read of each license before them
// (target.licentric.recheck: false): a request saved per update, status
// change or delete, at the risk of overwriting an edit made outside this
// tool since the view was read. The row is still marked in flight before
// the write, so a kill is looked at again. Call it after UseView.
func (t *Target) NoRecheck() {
	if t.viewed() {
		t.kept.noRecheck = true
	}
}

// Rechecks reports whether a write reads its license first (see NoRecheck).
func (t *Target) Rechecks() bool { return !t.viewed() || !t.kept.noRecheck }

// CountInView adds this target's requests to the month's total kept in v,
// and nothing else: every read is a full read and is not kept (verify,
// list). Requests to another account than the view's (other credentials
// whose products do not show the view's account id) are not added. The
// target closes v.
func (t *Target) CountInView(v *view.View, now func() time.Time) {
	t.kept = &kept{v: v, now: now, countOnly: true, account: v.Account(t.c.base, t.c.key)}
}

// ViewState says what the last Current was read from: fromView is false
// after a full read; meta is the view as it stood (read time, writes
// since, the month's requests).
func (t *Target) ViewState() (fromView bool, meta view.Meta, ok bool) {
	if !t.viewed() {
		return false, view.Meta{}, false
	}
	return !t.kept.readNow, t.kept.asOf, true
}

// viewed reports whether the target plans from and records in a view.
func (t *Target) viewed() bool { return t.kept != nil && !t.kept.countOnly }

// snapshot is the account as the plan sees it: from the view when it may
// be used, else read whole (and kept).
func (t *Target) snapshot(ctx context.Context) (*license.Snapshot, error) {
	k := t.kept
	if k == nil || k.countOnly {
		return t.readAccount(ctx)
	}
	m, err := k.v.Meta(ctx)
	if err != nil {
		return nil, err
	}
	k.asOf = m
	fresh := m.Account == k.account && !m.ReadAt.IsZero() && k.now().Sub(m.ReadAt) < k.maxAge
	if k.refresh || !fresh {
		k.refresh = false
		return t.readAccount(ctx)
	}
	if err := t.settleInflight(ctx); err != nil {
		return nil, err
	}
	r := newAccountReader()
	product := func(b []byte) error { return r.product(b) }
	policy := func(b []byte) error { return r.policy(b) }
	err = k.v.Load(ctx, product, policy, func(l view.License) error {
		_, err := r.license(l.Object)
		return err
	})
	if err != nil {
		return nil, err
	}
	t.ids.replace(r.products, r.policies, r.licenses)
	return r.snap, nil
}

// keep installs a full read in the view. The view's meta data is read
// back, not rebuilt: the month's request total survives the read (or
// starts over for another account), and the plan reports it.
func (t *Target) keep(ctx context.Context, a *view.Account) error {
	if !t.viewed() {
		return nil
	}
	if err := t.kept.v.Replace(ctx, t.kept.account, t.kept.now(), a); err != nil {
		return err
	}
	m, err := t.kept.v.Meta(ctx)
	if err != nil {
		return err
	}
	t.kept.readNow = true
	t.kept.asOf = m
	return nil
}

// settleInflight looks again at each license whose write's answer a
// killed run never recorded: one GET each, and the view takes the answer.
func (t *Target) settleInflight(ctx context.Context) error {
	rows, err := t.kept.v.Inflight(ctx)
	if err != nil {
		return err
	}
	for _, l := range rows {
		var a licentricapi.License
		if err := json.Unmarshal(l.Object, &a); err != nil {
			return fmt.Errorf("view %s: a kept license: %w", t.kept.v.Display(), err)
		}
		if _, err := t.getLicense(ctx, l.ID, license.Key(a.Key)); err != nil {
			return fmt.Errorf("licentric: look again at license %s after an interrupted write: %w", license.Key(a.Key).Ref(), err)
		}
	}
	return nil
}

// getLicense reads one license and records it in the view; gone is true
// (and the view forgets it) when the account no longer has it.
func (t *Target) getLicense(ctx context.Context, id string, key license.Key) (*view.License, error) {
	var ans struct {
		Data json.RawMessage `json:"data"`
	}
	err := t.c.do(ctx, call{method: "GET", path: "/licenses/" + url.PathEscape(id)}, &ans)
	if IsStatus(err, http.StatusNotFound) {
		return nil, t.forget(ctx, key)
	}
	if err != nil {
		return nil, err
	}
	return t.record(ctx, ans.Data)
}

// record keeps a write's answer (the license as the account now holds it).
func (t *Target) record(ctx context.Context, raw json.RawMessage) (*view.License, error) {
	var a licentricapi.License
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, fmt.Errorf("unreadable license in the answer: %v", err)
	}
	kl, err := keptLicense(&a)
	if err != nil || !t.viewed() {
		return &kl, err
	}
	return &kl, t.kept.v.Put(ctx, kl)
}

// forget records that key's license is gone.
func (t *Target) forget(ctx context.Context, key license.Key) error {
	if !t.viewed() {
		return nil
	}
	return t.kept.v.Remove(ctx, string(key))
}

// recheck reads the one license a write is about to touch, and stops the
// write when it moved since the view was read (a dashboard edit, another
// tool). gone reports a license no longer in the account. It re-checks
// after a full read in this run too: the plan's estimate (and so its
// checksum) must not depend on whether the view was fresh when the plan
// was made. With NoRecheck it reads nothing. Either way the row is marked
// in flight before the write is sent.
func (t *Target) recheck(ctx context.Context, id string, key license.Key) (gone bool, err error) {
	k := t.kept
	if !t.viewed() {
		return false, nil
	}
	if !k.noRecheck {
		if gone, err := t.unmoved(ctx, id, key); gone || err != nil {
			return gone, err
		}
	}
	return false, k.v.Begin(ctx, string(key))
}

// unmoved reads the license and fails when it differs from the view.
func (t *Target) unmoved(ctx context.Context, id string, key license.Key) (gone bool, err error) {
	was, ok, err := t.kept.v.Get(ctx, string(key))
	if err != nil {
		return false, err
	}
	now, err := t.getLicense(ctx, id, key)
	if err != nil || now == nil {
		return now == nil && err == nil, err
	}
	if !ok || !sameLicense(was.Object, now.Object) {
		return false, fmt.Errorf("it changed in the account since the view of %s (a dashboard edit or another tool); nothing was sent for it: run licentric-sync refresh, then plan again",
			t.kept.asOf.ReadAt.UTC().Format(time.RFC3339))
	}
	return false, nil
}

// keptLicense is a license object as the view keeps it: the fields this
// tool knows, in canonical JSON.
func keptLicense(a *licentricapi.License) (view.License, error) {
	b, err := json.Marshal(a)
	return view.License{ID: a.ID, Key: a.Key, Object: b}, err
}

// sameLicense compares two kept objects on everything but createdAt,
// which never changes once made and which a create's answer does not
// carry (the import answers with id and key).
func sameLicense(a, b []byte) bool {
	return bytes.Equal(withoutCreated(a), withoutCreated(b))
}

func withoutCreated(obj []byte) []byte {
	var a licentricapi.License
	if json.Unmarshal(obj, &a) != nil {
		return obj
	}
	a.CreatedAt = nil
	b, _ := json.Marshal(a)
	return b
}

// countRequests adds this run's requests not yet counted to the month's
// running total kept with the view.
func (t *Target) countRequests(ctx context.Context) error {
	k := t.kept
	if k == nil || k.other {
		return nil
	}
	n := t.Requests()
	if n == k.counted {
		return nil
	}
	if err := k.v.AddRequests(ctx, n-k.counted, k.now()); err != nil {
		return err
	}
	k.counted = n
	return nil
}

// recordAnswer keeps a write's answer in the view. An answer without the
// license object (an API that answers 204) leaves the row in flight, so
// the next plan reads that one license again.
func (t *Target) recordAnswer(ctx context.Context, raw json.RawMessage) error {
	if !t.viewed() || len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	_, err := t.record(ctx, raw)
	return err
}

// keepCatalog reads the products and policies again after this apply
// wrote some (a page each at most sizes; the policies settle just read,
// when it wrote none after) and keeps them in the view, with the
// account's id their products now show.
func (t *Target) keepCatalog(ctx context.Context) error {
	if !t.viewed() {
		return nil
	}
	r, a := newAccountReader(), &view.Account{Policies: t.settled}
	err := t.listAll(ctx, "/products", func(raw json.RawMessage) error {
		a.Products = append(a.Products, raw)
		return r.product(raw)
	})
	if err == nil && t.settled == nil {
		err = t.listAll(ctx, "/policies", func(raw json.RawMessage) error { a.Policies = append(a.Policies, raw); return nil })
	}
	t.settled = nil
	if err != nil {
		return fmt.Errorf("licentric: read the catalog back after writing it: %w", err)
	}
	if r.accountID != "" {
		a.ID, a.Label = r.accountID, t.label(r.accountID)
	}
	return t.kept.v.ReplaceCatalog(ctx, a)
}
