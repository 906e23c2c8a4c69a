// Package targettest is the conformance suite every Target passes: apply,
// then plan again, must show no changes; and the target must refuse what
// Licentric refuses (a key that is not ours, an illegal status change).
package targettest

import (
	"context"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
)

// Open returns a fresh, empty target for one test.
type Open func(t *testing.T) providers.Target

var (
	studio   = license.Product{Code: "studio", Name: "Studio", KeyPrefix: "STU"}
	yearly   = license.Policy{ID: "studio-yearly", Product: "studio", Name: "Studio Yearly", MaxMachines: 2, DurationDays: intp(365)}
	lifetime = license.Policy{ID: "studio-lifetime", Product: "studio", Name: "Studio Lifetime", MaxMachines: license.Unlimited,
		Fields: map[string]string{"expirationStrategy": `"ALLOW_ACCESS"`}}
)

func intp(v int) *int { return &v }

func at(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return &t
}

// Licenses returns a small desired set covering every status, keys that
// differ only in case, a signed key with / = . characters, an override and
// metadata.
func Licenses() []license.License {
	origin := func(id string) license.Origin {
		return license.Origin{Source: "keygen-prod", Platform: "keygen", SourceID: id, File: "exports/k.csv", Line: 2}
	}
	return []license.License{
		{Key: "AAAA-1111", Status: license.Active, Product: "studio", Policy: "studio-yearly", UserEmail: "a@example.com",
			UserName: "Ana", ExpiresAt: at("2031-01-01T00:00:00Z"), CreatedAt: at("2021-01-01T10:00:00Z"), Metadata: `{"orderId":"1"}`, Origin: origin("1")},
		{Key: "aaaa-1111", Status: license.Suspended, Product: "studio", Policy: "studio-yearly", UserEmail: "b@example.com",
			ExpiresAt: at("2030-06-01T00:00:00Z"), CreatedAt: at("2021-02-01T10:00:00Z"), Origin: origin("2")},
		{Key: "key/eyJhIjoxfQ==.c2ln", Status: license.Active, Product: "studio", Policy: "studio-lifetime",
			MaxMachinesOverride: intp(5), CreatedAt: at("2022-03-01T10:00:00Z"), Origin: origin("3")},
		{Key: "EXP-0001", Status: license.Expired, Product: "studio", Policy: "studio-yearly",
			ExpiresAt: at("2020-01-01T00:00:00Z"), CreatedAt: at("2019-01-01T00:00:00Z"), Origin: origin("4")},
		{Key: "REV-0001", Status: license.Revoked, Product: "studio", Policy: "studio-yearly", CreatedAt: at("2019-01-01T00:00:00Z"), Origin: origin("5")},
		{Key: "BAN-0001", Status: license.Banned, Product: "studio", Policy: "studio-lifetime", CreatedAt: at("2019-01-01T00:00:00Z"), Origin: origin("6")},
	}
}

// Desired wraps licenses with the catalog they need.
func Desired(ls []license.License) plan.Desired {
	return plan.Desired{Products: []license.Product{studio}, Policies: []license.Policy{yearly, lifetime}, Licenses: ls}
}

// Plan computes a plan against the target's current state.
func Plan(t *testing.T, target providers.Target, d plan.Desired, prune bool) *plan.Plan {
	t.Helper()
	cur, err := target.Current(context.Background())
	if err != nil {
		t.Fatalf("current: %v", err)
	}
	p, err := plan.Compute(d, cur, plan.Options{Prune: prune, OnConflict: "fail"})
	if err != nil {
		t.Fatalf("compute: %v", err)
	}
	return p
}

// Converge applies a plan for d and checks that planning again is empty.
func Converge(t *testing.T, target providers.Target, d plan.Desired, prune bool) *plan.Plan {
	t.Helper()
	p := Plan(t, target, d, prune)
	if p.HasErrors() {
		t.Fatalf("plan has errors: %+v", p.Diagnostics)
	}
	if err := target.Apply(context.Background(), p.Changes, nil); err != nil {
		t.Fatalf("apply: %v", err)
	}
	again := Plan(t, target, copyDesired(d), prune)
	if !again.Empty() {
		t.Fatalf("plan after apply is not empty: %d changes, first %+v", len(again.Changes), again.Changes[0])
	}
	return p
}

func copyDesired(d plan.Desired) plan.Desired {
	d.Licenses = append([]license.License(nil), d.Licenses...)
	return d
}
