package keygen_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/compare"
	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers/httpx/httpxtest"
	"github.com/licentric/licentric-sync/providers/keygen"
	"github.com/licentric/licentric-sync/providers/keygen/keygenfake"
	"github.com/licentric/licentric-sync/providers/live"
	"github.com/licentric/licentric-sync/providers/live/livefake"
	"github.com/licentric/licentric-sync/providers/platform"
)

// TestKeygenQuickValidate holds Keygen's compare check and its fake to
// the compare row of docs/platforms.md: the quick validation by id or
// key, decided on meta.valid; an unknown license is a 404 (invalid
// NOT_FOUND); a 5xx is no answer; validate-key is never called. The
// fake decides EXPIRED on its clock, pinned here: license 4 (expiry
// 2031-06-01) is valid until the clock passes that date.
func TestKeygenQuickValidate(t *testing.T) {
	s := livefake.Generate(keygenfake.API, "tok", 5)
	clock := httpxtest.NewClock(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC))
	s.Now = clock.Now
	edit(t, s, 1, `"suspended":false`, `"suspended":true`)
	edit(t, s, 2, `"expiry":"2029-06-01T00:00:00.000Z"`, `"expiry":"2020-06-01T00:00:00.000Z"`)
	edit(t, s, 3, `"status":"ACTIVE"`, `"status":"BANNED"`)
	srv, url := s.Start()
	defer srv.Close()
	s.Update(func() {
		s.PathFaults = map[string]livefake.Fault{"/v1/accounts/acme/licenses/" + keygenfake.ID("licenses", 4) + "/actions/validate": livefake.ServerError}
	})
	a := asker(t, url, "tok")
	check := keygen.Platform.API.Validate.Check
	cases := []struct {
		name string
		sub  platform.Subject
		want platform.Verdict
	}{
		{"by key", platform.Subject{Key: license.Key(livefake.Key("keygen", 1))}, platform.Verdict{Outcome: compare.Invalid, Code: "SUSPENDED"}},
		{"suspended", platform.Subject{ID: keygenfake.ID("licenses", 1)}, platform.Verdict{Outcome: compare.Invalid, Code: "SUSPENDED"}},
		{"expired", platform.Subject{ID: keygenfake.ID("licenses", 2)}, platform.Verdict{Outcome: compare.Invalid, Code: "EXPIRED"}},
		{"banned", platform.Subject{ID: keygenfake.ID("licenses", 3)}, platform.Verdict{Outcome: compare.Invalid, Code: "BANNED"}},
		{"unknown id", platform.Subject{ID: keygenfake.ID("licenses", 99)}, platform.Verdict{Outcome: compare.Invalid, Code: "NOT_FOUND"}},
	}
	for _, c := range cases {
		got, err := check(context.Background(), a, c.sub)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s: (-want +got)\n%s", c.name, diff)
		}
	}
	if _, err := check(context.Background(), a, platform.Subject{ID: keygenfake.ID("licenses", 4)}); err == nil {
		t.Error("a 500 gave an answer; it must be no answer (unknown)")
	}
	s.Update(func() { s.PathFaults = nil })
	got, err := check(context.Background(), a, platform.Subject{ID: keygenfake.ID("licenses", 4)})
	if err != nil || got.Outcome != compare.Valid || got.Code != "VALID" {
		t.Errorf("active license: %+v, %v; want valid VALID", got, err)
	}
	s.Update(func() {
		_ = clock.Sleep(context.Background(), time.Date(2031, 6, 2, 0, 0, 0, 0, time.UTC).Sub(clock.Now()))
	})
	got, err = check(context.Background(), a, platform.Subject{ID: keygenfake.ID("licenses", 4)})
	if err != nil || got.Outcome != compare.Invalid || got.Code != "EXPIRED" {
		t.Errorf("license 4 on 2031-06-02, past its expiry: %+v, %v; want invalid EXPIRED (the fake's clock decides)", got, err)
	}
	for _, p := range s.Paths() {
		if strings.Contains(p, "validate-key") || !strings.HasSuffix(p, "/actions/validate?") {
			t.Errorf("compare asked %s; only quick validations may be asked", p)
		}
	}
	bad := asker(t, url, "other")
	var auth *live.AuthError
	if _, err := check(context.Background(), bad, platform.Subject{ID: keygenfake.ID("licenses", 4)}); !errors.As(err, &auth) {
		t.Errorf("quick validation without a good token: %v; want the token refused (it needs one)", err)
	}
}

// asker is a pager for the fake at url, with token tok.
func asker(t *testing.T, url, tok string) platform.Asker {
	t.Helper()
	src := config.Source{Name: "kg", Platform: "keygen", API: &config.API{URL: url, TokenEnv: "T"}}
	p, err := live.New(src, keygen.Platform.API, live.Options{Getenv: func(string) string { return tok }})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// edit replaces old with new in generated license i.
func edit(t *testing.T, s *livefake.Server, i int, old, new string) {
	t.Helper()
	if !strings.Contains(string(s.Licenses[i]), old) {
		t.Fatalf("license %d has no %s: %s", i, old, s.Licenses[i])
	}
	s.Licenses[i] = []byte(strings.Replace(string(s.Licenses[i]), old, new, 1))
}
