package licentric_test

import (
	"context"
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

// keptAccount is a sandbox account holding desired(n), written through
// a view kept at path: where each test of the view starts.
func keptAccount(t *testing.T, n int) (url, path string, d plan.Desired) {
	t.Helper()
	_, _, url = startSandbox(t, sandbox.Options{})
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

// TestPlanFromViewCostsNoRequest: once the account is kept, a plan of an
// unchanged account sends nothing; 20 updates cost their re-check and
// their write, and the closing check reads back only the answers. A full
// read afterwards agrees with the view.
func TestPlanFromViewCostsNoRequest(t *testing.T) {
	url, path, d := keptAccount(t, 250)

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

// TestWriteStopsWhenTheLicenseMoved: a license edited outside this tool
// since the view stops the write that would touch it, sends nothing for
// it, and the view takes what the account now holds.
func TestWriteStopsWhenTheLicenseMoved(t *testing.T) {
	url, path, d := keptAccount(t, 5)

	dashboard := desired(5)
	dashboard.Licenses[1].UserEmail = "dashboard@example.com"
	targettest.Converge(t, newTarget(t, url), dashboard, false)

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

// TestWriteInFlightIsLookedAtAgain: a row marked in flight (its run was
// killed before the answer was kept) is read again by the next plan, one
// GET, and the plan sees what the account holds.
func TestWriteInFlightIsLookedAtAgain(t *testing.T) {
	url, path, d := keptAccount(t, 5)
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
	url, path, _ := keptAccount(t, 40)
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
