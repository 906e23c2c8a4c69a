package targettest

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
)

// Run runs the whole conformance suite against fresh targets from open.
func Run(t *testing.T, open Open) {
	t.Run("create-then-empty", func(t *testing.T) { testCreate(t, open(t)) })
	t.Run("update-fields", func(t *testing.T) { testUpdate(t, open(t)) })
	t.Run("status-changes", func(t *testing.T) { testStatus(t, open(t)) })
	t.Run("prune-delete", func(t *testing.T) { testPrune(t, open(t)) })
	t.Run("foreign-key-refused", func(t *testing.T) { testForeignKey(t, open(t)) })
	t.Run("illegal-transition-refused", func(t *testing.T) { testIllegalTransition(t, open(t)) })
	t.Run("validate-key-codes", func(t *testing.T) { testValidate(t, open(t)) })
	t.Run("apply-twice-is-noop", func(t *testing.T) { testApplyTwice(t, open(t)) })
	t.Run("licenses-in-any-order", func(t *testing.T) { testLicenseOrder(t, open(t)) })
	t.Run("mapped-export", func(t *testing.T) { testMapped(t, open(t)) })
	t.Run("entitlements", func(t *testing.T) { testEntitlements(t, open(t)) })
}

// view is what the suite compares: every field the plan manages.
type view struct {
	Key, Name, Status, Product, Policy, Email, UserName, Expires, Created, Metadata, Owner string
	Override                                                                               *int
}

func views(ls []license.License) map[string]view {
	out := map[string]view{}
	for _, l := range ls {
		out[string(l.Key)] = view{Key: string(l.Key), Name: l.Name, Status: string(l.Status), Product: l.Product, Policy: l.Policy,
			Email: l.UserEmail, UserName: l.UserName, Expires: license.FormatTime(l.ExpiresAt), Created: license.FormatTime(l.CreatedAt),
			Metadata: l.Metadata, Owner: l.Origin.Source + "/" + l.Origin.Platform + "/" + l.Origin.SourceID, Override: l.MaxMachinesOverride}
	}
	return out
}

// Read collects everything a target holds, failing the test on error.
func Read(t testing.TB, target providers.Target) *license.Snapshot {
	t.Helper()
	cur, err := target.Current(context.Background())
	if err != nil {
		t.Fatalf("read the target: %v", err)
	}
	s, err := cur.Collect()
	if err != nil {
		t.Fatalf("read the target's licenses: %v", err)
	}
	return s
}

func testCreate(t *testing.T, target providers.Target) {
	want := Licenses()
	p := Converge(t, target, Desired(Licenses()), false)
	if p.Summary.Create != len(want)+3 {
		t.Fatalf("creates = %d, want %d (1 product, 2 policies, %d licenses)", p.Summary.Create, len(want)+3, len(want))
	}
	snap := Read(t, target)
	if diff := cmp.Diff(views(want), views(snap.Licenses)); diff != "" {
		t.Fatalf("stored licenses differ (-want +got):\n%s", diff)
	}
	if len(snap.Products) != 1 || len(snap.Policies) != 2 {
		t.Fatalf("catalog: %d products, %d policies", len(snap.Products), len(snap.Policies))
	}
}

func testUpdate(t *testing.T, target providers.Target) {
	Converge(t, target, Desired(Licenses()), false)
	ls := Licenses()
	ls[0].UserEmail, ls[0].Metadata, ls[0].ExpiresAt = "new@example.com", `{"orderId":"2"}`, nil
	ls[2].MaxMachinesOverride, ls[2].Policy = nil, "studio-yearly"
	p := Converge(t, target, Desired(ls), false)
	if p.Summary.Update != 2 {
		t.Fatalf("updates = %d, want 2: %+v", p.Summary.Update, p.Changes)
	}
	got := views(Read(t, target).Licenses)
	if diff := cmp.Diff(views(ls), got); diff != "" {
		t.Fatalf("after update (-want +got):\n%s", diff)
	}
}

func testStatus(t *testing.T, target providers.Target) {
	Converge(t, target, Desired(Licenses()), false)
	for _, step := range []struct {
		key    license.Key
		to     license.Status
		action plan.Action
	}{{"AAAA-1111", license.Suspended, plan.Suspend}, {"aaaa-1111", license.Active, plan.Reinstate},
		{"EXP-0001", license.Active, plan.Reinstate}, {"AAAA-1111", license.Revoked, plan.Revoke}} {
		ls := currentDesired(t, target)
		for i := range ls {
			if ls[i].Key == step.key {
				ls[i].Status = step.to
			}
		}
		p := Converge(t, target, Desired(ls), false)
		if len(p.Changes) != 1 || p.Changes[0].Action != step.action {
			t.Fatalf("to %s: changes %+v, want one %s", step.to, p.Changes, step.action)
		}
	}
}

// currentDesired turns what the target holds back into a desired set.
func currentDesired(t *testing.T, target providers.Target) []license.License {
	ls := Read(t, target).Licenses
	license.SortLicenses(ls)
	want := Licenses()
	license.SortLicenses(want)
	for i := range ls {
		ls[i].Origin = want[i].Origin
	}
	return ls
}

func testPrune(t *testing.T, target providers.Target) {
	Converge(t, target, Desired(Licenses()), false)
	ls := Licenses()[1:]
	if p := Plan(t, target, Desired(ls), false); !p.Empty() {
		t.Fatalf("without prune a missing license must not be deleted: %+v", p.Changes)
	}
	p := Converge(t, target, Desired(ls), true)
	if p.Summary.Delete != 1 {
		t.Fatalf("deletes = %d, want 1", p.Summary.Delete)
	}
	if got := len(Read(t, target).Licenses); got != len(ls) {
		t.Fatalf("%d licenses after prune, want %d", got, len(ls))
	}
}

func testForeignKey(t *testing.T, target providers.Target) {
	ls := Licenses()[:1]
	ls[0].Origin = license.Origin{} // created by someone else: no marker
	Converge(t, target, Desired(ls), false)
	ours := Licenses()[:1]
	p := Plan(t, target, Desired(ours), false)
	if !p.HasErrors() {
		t.Fatalf("a key held without our marker must be a plan error, got %+v", p.Changes)
	}
	forced := []plan.Change{{Kind: plan.KindLicense, Action: plan.Create, ID: string(ours[0].Key), License: &ours[0]}}
	err := target.Apply(context.Background(), forced, nil)
	if err == nil {
		t.Fatalf("creating a key that exists and is not ours must fail")
	}
}

func testIllegalTransition(t *testing.T, target providers.Target) {
	Converge(t, target, Desired(Licenses()), false)
	ls := Licenses()
	revoked := ls[4]
	revoked.Status = license.Active
	p := Plan(t, target, Desired(append(ls[:4:4], append([]license.License{revoked}, ls[5:]...)...)), false)
	if !p.Empty() || len(p.Diagnostics) == 0 || p.Diagnostics[0].Severity != plan.Warning {
		t.Fatalf("revoked → active must be a warning, not a change: %+v %+v", p.Changes, p.Diagnostics)
	}
	forced := []plan.Change{{Kind: plan.KindLicense, Action: plan.Reinstate, ID: string(revoked.Key), License: &revoked, StatusAction: license.Reinstate}}
	err := target.Apply(context.Background(), forced, nil)
	var te *license.TransitionError
	if !errors.As(err, &te) {
		t.Fatalf("forcing revoked → active: got %v, want a TransitionError", err)
	}
	if got := views(Read(t, target).Licenses)[string(revoked.Key)].Status; got != "revoked" {
		t.Fatalf("status after refused change = %s", got)
	}
}

func testValidate(t *testing.T, tg providers.Target) {
	target, ok := tg.(providers.KeyValidator)
	if !ok {
		t.Fatalf("%T does not run validate-key (providers.KeyValidator)", tg)
	}
	Converge(t, tg, Desired(Licenses()), false)
	for key, want := range map[license.Key]providers.Validation{
		"AAAA-1111":             {Valid: true, Code: "VALID"},
		"aaaa-1111":             {Code: "SUSPENDED"},
		"EXP-0001":              {Code: "EXPIRED"},
		"REV-0001":              {Code: "REVOKED"},
		"BAN-0001":              {Code: "BANNED"},
		"aaaa-1112":             {Code: "NOT_FOUND"},
		"key/eyJhIjoxfQ==.c2ln": {Valid: true, Code: "VALID"},
	} {
		got, err := target.Validate(context.Background(), key, "")
		if err != nil || got != want {
			t.Errorf("validate %s = %+v, %v; want %+v", key.Ref(), got, err, want)
		}
	}
	if got, _ := target.Validate(context.Background(), "AAAA-1111", "fp-1"); got.Code != "FINGERPRINT_NOT_FOUND" {
		t.Errorf("with an unknown fingerprint: %+v", got)
	}
}

func testApplyTwice(t *testing.T, target providers.Target) {
	p := Plan(t, target, Desired(Licenses()), false)
	for i := 0; i < 2; i++ { // the second run replays creates that already happened
		if err := target.Apply(context.Background(), p.Changes, nil); err != nil {
			t.Fatalf("apply #%d: %v", i+1, err)
		}
	}
	if got := len(Read(t, target).Licenses); got != len(Licenses()) {
		t.Fatalf("%d licenses after applying twice, want %d", got, len(Licenses()))
	}
}
