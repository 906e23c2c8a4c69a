package licentric_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/licentric"
	"github.com/licentric/licentric-sync/providers/licentric/view"
	"github.com/licentric/licentric-sync/providers/targettest"
	"github.com/licentric/licentric-sync/sandbox"
)

// viewTarget is a target that plans from the view at path while it is
// younger than an hour.
func viewTarget(t testing.TB, url, path string) *licentric.Target {
	t.Helper()
	target := newTarget(t, url)
	v, err := view.Open(path, "view.db")
	if err != nil {
		t.Fatal(err)
	}
	target.UseView(v, time.Hour, false, func() time.Time { return time.Now().UTC() })
	return target
}

// keptAccount is a sandbox account (opts) holding desired(n), written
// through a view kept at path: where each test of the view starts.
func keptAccount(t *testing.T, opts sandbox.Options, n int) (url, path string, d plan.Desired) {
	t.Helper()
	_, _, url = startSandbox(t, opts)
	path = filepath.Join(t.TempDir(), "view.db")
	first := viewTarget(t, url, path)
	d = desired(n)
	targettest.Converge(t, first, d, false)
	first.Close()
	return url, path, d
}

// TestConformanceWithView runs the shared target suite with a view: the
// view must stay exact through every write the suite makes.
func TestConformanceWithView(t *testing.T) {
	targettest.Run(t, func(t *testing.T) providers.Target {
		_, _, url := startSandbox(t, sandbox.Options{})
		return viewTarget(t, url, filepath.Join(t.TempDir(), "view.db"))
	})
}

// TestFirstApplyCostsItsEstimate: the first apply into an empty account
// kept as a view sends its read of the empty account and then exactly
// the plan's estimate: the imports, the catalog's writes, one re-read of
// the policies it created (which the view keeps) and the products read
// back; nothing is read twice.
func TestFirstApplyCostsItsEstimate(t *testing.T) {
	_, _, url := startSandbox(t, sandbox.Options{})
	target := viewTarget(t, url, filepath.Join(t.TempDir(), "view.db"))
	cur, err := target.Current(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	read := target.Requests()
	p, err := plan.Compute(desired(600), cur, plan.Options{OnConflict: "fail", PageSize: 100, BatchSize: 500, View: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := target.Apply(context.Background(), p.Changes, nil); err != nil {
		t.Fatal(err)
	}
	if sent := target.Requests() - read; sent != int64(p.Estimate.Requests) {
		t.Fatalf("the first apply sent %d requests after its read, the plan estimated %d (%+v)", sent, p.Estimate.Requests, p.Estimate)
	}
	if again := targettest.Plan(t, target, desired(600), false); !again.Empty() {
		t.Fatalf("the view after the first apply: %+v", again.Changes)
	}
}

// TestPlanFromViewCostsNoRequest: once the account is kept, a plan of an
// unchanged account sends nothing; 20 updates cost their re-check and
// their write, and the closing check reads back only the answers. A full
// read afterwards agrees with the view.
func TestPlanFromViewCostsNoRequest(t *testing.T) {
	url, path, d := keptAccount(t, sandbox.Options{}, 250)

	kept := viewTarget(t, url, path)
	if p := targettest.Plan(t, kept, d, false); !p.Empty() || kept.Requests() != 0 {
		t.Fatalf("a plan of an unchanged account from the view: %d changes, %d requests; want none", len(p.Changes), kept.Requests())
	}
	if fromView, m, _ := kept.ViewState(); !fromView || m.Licenses != 250 {
		t.Fatalf("the plan must say it used the view of 250 licenses: %v %+v", fromView, m)
	}
	for i := 0; i < 20; i++ {
		d.Licenses[i*10].UserName = fmt.Sprintf("renamed %d", i)
	}
	cur, err := kept.Current(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Compute(d, cur, plan.Options{OnConflict: "fail", PageSize: 100, BatchSize: 500, View: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := kept.Apply(context.Background(), p.Changes, nil); err != nil {
		t.Fatal(err)
	}
	if got := kept.Requests(); got != 20+20 || p.Estimate.Requests != 40 {
		t.Fatalf("20 updates from the view took %d requests (estimated %d), want 40 (a re-check and a PATCH each)", got, p.Estimate.Requests)
	}
	if again := targettest.Plan(t, kept, d, false); !again.Empty() || kept.Requests() != 40 {
		t.Fatalf("the closing check from the view: %d changes, %d requests", len(again.Changes), kept.Requests()-40)
	}
	if full := targettest.Plan(t, newTarget(t, url), d, false); !full.Empty() {
		t.Fatalf("a full read disagrees with the view: %+v", full.Changes)
	}
}

// editedInDashboard is a sandbox account of 5 licenses kept in the view
// at path, whose second license's email was then changed outside this
// tool (to dashboard@example.com); d is what the view holds.
func editedInDashboard(t *testing.T) (url, path string, d plan.Desired) {
	url, path, d = keptAccount(t, sandbox.Options{}, 5)
	dashboard := desired(5)
	dashboard.Licenses[1].UserEmail = "dashboard@example.com"
	targettest.Converge(t, newTarget(t, url), dashboard, false)
	return url, path, d
}

// TestDriftWindowIsTheRefreshAge: a dashboard edit is invisible to plans
// from the view while the view is younger than target.licentric.refresh
// (the drift window the runbook states); the first plan after that age
// reads the account whole and sees it.
func TestDriftWindowIsTheRefreshAge(t *testing.T) {
	url, path, d := editedInDashboard(t)
	at := func(age time.Duration) *licentric.Target {
		target := newTarget(t, url)
		v, err := view.Open(path, "view.db")
		if err != nil {
			t.Fatal(err)
		}
		target.UseView(v, 25*time.Hour, false, func() time.Time { return time.Now().UTC().Add(age) })
		return target
	}
	inside := at(24 * time.Hour)
	if p := targettest.Plan(t, inside, d, false); !p.Empty() || inside.Requests() != 0 {
		t.Fatalf("a day after the read the plan must come from the view, blind to the edit: %d changes, %d requests", len(p.Changes), inside.Requests())
	}
	inside.Close()
	after := at(26 * time.Hour)
	p := targettest.Plan(t, after, d, false)
	if fromView, _, _ := after.ViewState(); fromView || len(p.Changes) != 1 || after.Requests() != 3 {
		t.Fatalf("past the refresh age the plan must read the account whole (3 requests, got %d) and see the edit (%d changes)", after.Requests(), len(p.Changes))
	}
}

// TestWriteStopsWhenTheLicenseMoved: a license edited outside this tool
// since the view stops the write that would touch it, sends nothing for
// it, and the view takes what the account now holds.
func TestWriteStopsWhenTheLicenseMoved(t *testing.T) {
	url, path, d := editedInDashboard(t)
	kept := viewTarget(t, url, path)
	d.Licenses[1].UserName = "from the source"
	p := targettest.Plan(t, kept, d, false)
	err := kept.Apply(context.Background(), p.Changes, nil)
	if err == nil || !strings.Contains(err.Error(), "changed in the account since the view") {
		t.Fatalf("a moved license must stop the write, got %v", err)
	}
	got := targettest.Read(t, newTarget(t, url))
	for _, l := range got.Licenses {
		if l.Key == d.Licenses[1].Key && (l.UserEmail != "dashboard@example.com" || l.UserName != "") {
			t.Fatalf("the dashboard's edit was overwritten: %s %s", l.UserEmail, l.UserName)
		}
	}
	again := targettest.Plan(t, kept, d, false)
	if len(again.Changes) != 1 || !strings.Contains(fmt.Sprint(again.Changes[0].Fields), "userEmail") {
		t.Fatalf("the view must now hold the dashboard's edit: %+v", again.Changes)
	}
}

// TestNoRecheckWritesUnread: with recheck off (target.licentric.recheck:
// false) each change costs its write alone, as the estimate says, and,
// the documented risk, a dashboard edit made since the view to a field
// the write sets is overwritten. The view still ends equal to the account.
func TestNoRecheckWritesUnread(t *testing.T) {
	url, path, d := editedInDashboard(t)
	kept := viewTarget(t, url, path)
	kept.NoRecheck()
	d.Licenses[1].UserName = "from the source"
	d.Licenses[2].Status = license.Suspended
	cur, err := kept.Current(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Compute(d, cur, plan.Options{OnConflict: "fail", PageSize: 100, BatchSize: 500, View: true, NoRecheck: !kept.Rechecks()})
	if err != nil {
		t.Fatal(err)
	}
	if err := kept.Apply(context.Background(), p.Changes, nil); err != nil {
		t.Fatal(err)
	}
	if got := kept.Requests(); got != 2 || p.Estimate.Requests != 2 {
		t.Fatalf("2 changes unread took %d requests (estimated %d), want 2: the writes alone", got, p.Estimate.Requests)
	}
	full := targettest.Read(t, newTarget(t, url))
	for _, l := range full.Licenses {
		if l.Key == d.Licenses[1].Key && l.UserEmail == "dashboard@example.com" {
			t.Fatal("the write was sent whole, so the dashboard's email must be overwritten (the documented risk of recheck: false)")
		}
	}
	if again := targettest.Plan(t, newTarget(t, url), d, false); !again.Empty() {
		t.Fatalf("the account must now hold the source's licenses: %+v", again.Changes)
	}
	if again := targettest.Plan(t, kept, d, false); !again.Empty() || kept.Requests() != 2 {
		t.Fatalf("the view must agree, from the writes' answers: %d changes, %d more requests", len(again.Changes), kept.Requests()-2)
	}
}

// TestNoRecheckStillMarksInFlight: unread, a write is still marked in
// flight before it is sent, so one that fails without an answer to keep
// (the license was deleted in the dashboard: 404) is looked at again by
// the next plan, which then plans it as gone.
func TestNoRecheckStillMarksInFlight(t *testing.T) {
	url, path, d := keptAccount(t, sandbox.Options{}, 5)
	dashboard := desired(5)
	dashboard.Licenses = append(dashboard.Licenses[:1], dashboard.Licenses[2:]...)
	targettest.Converge(t, newTarget(t, url), dashboard, true)

	kept := viewTarget(t, url, path)
	kept.NoRecheck()
	d.Licenses[1].UserName = "from the source"
	if err := kept.Apply(context.Background(), targettest.Plan(t, kept, d, false).Changes, nil); err == nil {
		t.Fatal("a PATCH of a license deleted in the dashboard must fail")
	}
	kept.Close()
	again := viewTarget(t, url, path)
	p := targettest.Plan(t, again, d, false)
	if again.Requests() != 1 || len(p.Changes) != 1 || p.Changes[0].Action != plan.Create {
		t.Fatalf("the next plan must GET the row in flight (1 request, got %d) and plan it created again: %+v", again.Requests(), p.Changes)
	}
}

// TestWriteInFlightIsLookedAtAgain: a row marked in flight (its run was
// killed before the answer was kept) is read again by the next plan, one
// GET, and the plan sees what the account holds.
func TestWriteInFlightIsLookedAtAgain(t *testing.T) {
	url, path, d := keptAccount(t, sandbox.Options{}, 5)
	v, err := view.Open(path, "view.db")
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Begin(context.Background(), string(d.Licenses[2].Key)); err != nil {
		t.Fatal(err)
	}
	v.Close()
	d.Licenses[2].Status = license.Suspended // the write the killed run sent
	d.Licenses[2].UserName = "written"
	targettest.Converge(t, newTarget(t, url), d, false)

	kept := viewTarget(t, url, path)
	if p := targettest.Plan(t, kept, d, false); !p.Empty() || kept.Requests() != 1 {
		t.Fatalf("after an interrupted write: %d changes, %d requests; want none and one GET", len(p.Changes), kept.Requests())
	}
}

// TestRefreshSeesDrift: a full read is compared with the view before it
// is kept: licenses changed, new and gone outside this tool are counted,
// and two reads of an unchanged account have one digest.
func TestRefreshSeesDrift(t *testing.T) {
	url, path, _ := keptAccount(t, sandbox.Options{}, 40)
	other := desired(40)
	other.Licenses = other.Licenses[4:]
	other.Licenses[0].UserName = "edited"
	targettest.Converge(t, newTarget(t, url), other, true)

	kept := viewTarget(t, url, path)
	r, err := kept.ReadWhole(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("%d→%d changed %d new %d gone %d other %v", r.Before, r.After, r.Changed, r.Appeared, r.Gone, r.OtherAccount)
	if want := "40→36 changed 1 new 0 gone 4 other false"; got != want {
		t.Fatalf("refresh found %s, want %s", got, want)
	}
	again, err := kept.ReadWhole(context.Background())
	if err != nil || again.Digest != r.Digest {
		t.Fatalf("two reads of one account: digests %s and %s (%v)", r.Digest, again.Digest, err)
	}
	if err := kept.Keep(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	if p := targettest.Plan(t, kept, plan.Desired{Products: other.Products, Policies: other.Policies, Licenses: other.Licenses}, false); !p.Empty() {
		t.Fatalf("after keeping the read the plan shows %+v", p.Changes)
	}
}

// TestCountOnlyKeepsNothing: a target that only counts (verify, list)
// reads the account whole every time, keeps nothing, and adds its
// requests to the month's total; a view target adds its own on top.
func TestCountOnlyKeepsNothing(t *testing.T) {
	_, _, url := startSandbox(t, sandbox.Options{})
	path := filepath.Join(t.TempDir(), "view.db")
	targettest.Converge(t, newTarget(t, url), desired(5), false)
	counting := newTarget(t, url)
	v, err := view.Open(path, "view.db")
	if err != nil {
		t.Fatal(err)
	}
	counting.CountInView(v, func() time.Time { return time.Now().UTC() })
	targettest.Read(t, counting)
	targettest.Read(t, counting)
	if _, _, kept := counting.ViewState(); kept || counting.Requests() != 6 {
		t.Fatalf("a counting target must read whole each time (6 requests, got %d) and plan from no view", counting.Requests())
	}
	counting.Close()
	kept := viewTarget(t, url, path)
	targettest.Read(t, kept)
	kept.Close()
	w, err := view.Open(path, "view.db")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	m, err := w.Meta(context.Background())
	if err != nil || m.MonthRequests != 9 || m.Licenses != 5 {
		t.Fatalf("month's total %d (want 6 + 3), licenses kept %d (want 5 from the view target only): %v", m.MonthRequests, m.Licenses, err)
	}
}

// TestOtherAccountNotCounted: the month's total kept with the view is
// the view's account's. A verify or list (a counting target) whose
// credentials reach another account, and a plan refused because it
// does, add nothing to it; a counting target on the view's account adds
// its requests.
func TestOtherAccountNotCounted(t *testing.T) {
	url, path, _ := keptAccount(t, sandbox.Options{}, 5)
	_, _, otherURL := startSandbox(t, sandbox.Options{})
	targettest.Converge(t, newTarget(t, otherURL), desired(2), false)
	month := func() int {
		t.Helper()
		v, err := view.Open(path, "view.db")
		if err != nil {
			t.Fatal(err)
		}
		defer v.Close()
		m, err := v.Meta(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return m.MonthRequests
	}
	before := month()
	counting := newTarget(t, otherURL)
	v, err := view.Open(path, "view.db")
	if err != nil {
		t.Fatal(err)
	}
	counting.CountInView(v, func() time.Time { return time.Now().UTC() })
	targettest.Read(t, counting)
	if counting.Requests() == 0 {
		t.Fatal("the counting target sent no request")
	}
	counting.Close()
	if got := month(); got != before {
		t.Errorf("a read of another account added %d requests to the view's month", got-before)
	}
	refused := viewTarget(t, otherURL, path)
	var other *licentric.OtherAccountError
	if _, err := refused.Current(context.Background()); !errors.As(err, &other) {
		t.Fatalf("a plan of another account was not refused: %v", err)
	}
	refused.Close()
	if got := month(); got != before {
		t.Errorf("a refused plan of another account added %d requests to the view's month", got-before)
	}
	unaccepted := viewTarget(t, otherURL, path)
	if r, err := unaccepted.ReadWhole(context.Background()); err != nil || !r.OtherAccount {
		t.Fatalf("refresh of another account: %+v, %v", r, err)
	}
	unaccepted.Close()
	if got := month(); got != before {
		t.Errorf("a refresh of another account, not accepted, added %d requests to the view's month", got-before)
	}
	same := newTarget(t, url)
	if v, err = view.Open(path, "view.db"); err != nil {
		t.Fatal(err)
	}
	same.CountInView(v, func() time.Time { return time.Now().UTC() })
	targettest.Read(t, same)
	n := same.Requests()
	same.Close()
	if got := month(); got != before+int(n) {
		t.Errorf("a read of the view's own account: month %d, want %d + %d", got, before, n)
	}
}
