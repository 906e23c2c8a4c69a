package cryptlex_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/compare"
	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers/cryptlex"
	"github.com/licentric/licentric-sync/providers/cryptlex/cryptlexfake"
	"github.com/licentric/licentric-sync/providers/live"
	"github.com/licentric/licentric-sync/providers/live/livefake"
	"github.com/licentric/licentric-sync/providers/platform"
)

// TestCryptlexJudged holds Cryptlex's compare check and its fake to the
// compare row of docs/platforms.md: the record read by id and judged
// (revoked, suspended, expired invalid; else valid), marked a judgement;
// an unknown id is invalid; a key without an id (a CSV export without
// an id column) is found by the list's key[eq] filter, and one Cryptlex
// does not hold is invalid. Expired is judged by the run's time
// (Subject.Now), pinned here, so the verdicts hold whatever the date.
func TestCryptlexJudged(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	s := livefake.Generate(cryptlexfake.API, "tok", 5)
	// license 0 is generated suspended (every 50th)
	s.Licenses[2] = []byte(strings.Replace(string(s.Licenses[2]), `"revoked":false`, `"revoked":true`, 1))
	s.Licenses[3] = []byte(strings.Replace(string(s.Licenses[3]), `"expiresAt":"2030-06-01T00:00:00.000Z"`, `"expiresAt":"2020-06-01T00:00:00.000Z"`, 1))
	pg := pagerOn(t, s)
	v := cryptlex.Platform.API.Validate
	if !v.Judged {
		t.Error("Cryptlex's answer is a judgement of its record and must say so")
	}
	want := map[string]platform.Verdict{
		"lic-100000": {Outcome: compare.Invalid, Code: "suspended"}, "lic-100001": {Outcome: compare.Valid, Code: "judged valid"},
		"lic-100002": {Outcome: compare.Invalid, Code: "revoked"}, "lic-100003": {Outcome: compare.Invalid, Code: "expired"},
		"lic-999999": {Outcome: compare.Invalid, Code: "not found"},
	}
	for id, w := range want {
		got, err := v.Check(context.Background(), pg, platform.Subject{Key: "k", ID: id, Now: now})
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("%s: (-want +got)\n%s", id, diff)
		}
	}
	byKey := map[string]platform.Verdict{
		livefake.Key("cryptlex", 0): {Outcome: compare.Invalid, Code: "suspended"},
		livefake.Key("cryptlex", 1): {Outcome: compare.Valid, Code: "judged valid"},
		"NO-SUCH-KEY":               {Outcome: compare.Invalid, Code: "not found"},
	}
	for key, w := range byKey {
		got, err := v.Check(context.Background(), pg, platform.Subject{Key: license.Key(key), Now: now})
		if err != nil {
			t.Fatalf("key %s: %v", key, err)
		}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("key %s: (-want +got)\n%s", key, diff)
		}
	}
	for _, p := range s.Paths() {
		if !strings.HasPrefix(p, "/v3/licenses/lic-") && !strings.HasPrefix(p, "/v3/licenses?key%5Beq%5D=") {
			t.Errorf("compare asked %s; only license records may be read", p)
		}
	}
}

// TestCryptlexJudgedOnTheRunsClock: the same record (expiresAt
// 2028-06-01) is judged valid before that date and expired after it,
// by the subject's Now and not the wall clock, by id and by key.
func TestCryptlexJudgedOnTheRunsClock(t *testing.T) {
	s := livefake.Generate(cryptlexfake.API, "tok", 2)
	pg := pagerOn(t, s)
	before, after := time.Date(2028, 5, 31, 0, 0, 0, 0, time.UTC), time.Date(2028, 6, 2, 0, 0, 0, 0, time.UTC)
	for _, sub := range []platform.Subject{{ID: "lic-100001"}, {Key: license.Key(livefake.Key("cryptlex", 1))}} {
		for now, want := range map[time.Time]string{before: "judged valid", after: "expired"} {
			sub.Now = now
			got, err := cryptlex.Platform.API.Validate.Check(context.Background(), pg, sub)
			if err != nil || got.Code != want {
				t.Errorf("%+v on %s: %+v, %v; want %s", sub.ID, now.Format(time.DateOnly), got, err, want)
			}
		}
	}
}

// pagerOn serves s and is a Cryptlex pager reading it.
func pagerOn(t *testing.T, s *livefake.Server) *live.Pager {
	t.Helper()
	srv, u := s.Start()
	t.Cleanup(srv.Close)
	src := config.Source{Name: "cl", Platform: "cryptlex", API: &config.API{URL: u, TokenEnv: "T"}}
	pg, err := live.New(src, cryptlex.Platform.API, live.Options{Getenv: func(string) string { return "tok" }})
	if err != nil {
		t.Fatal(err)
	}
	return pg
}

// TestCryptlexJudgedByKeyChecksTheKey: a Cryptlex that ignores the
// key[eq] filter (a Web API before 3.44.0 drops unknown query
// parameters) answers the account's first licenses whatever the key: the
// one it answers must not be judged for another key. The key compared
// stays out of the error.
func TestCryptlexJudgedByKeyChecksTheKey(t *testing.T) {
	s := livefake.Generate(cryptlexfake.API, "tok", 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte("[" + string(s.Licenses[0]) + "]")) // the filter ignored
	}))
	t.Cleanup(srv.Close)
	src := config.Source{Name: "cl", Platform: "cryptlex", API: &config.API{URL: srv.URL + "/v3", TokenEnv: "T"}}
	pg, err := live.New(src, cryptlex.Platform.API, live.Options{Getenv: func(string) string { return "tok" }})
	if err != nil {
		t.Fatal(err)
	}
	const other = "OTHER-SECRET-KEY"
	got, err := cryptlex.Platform.API.Validate.Check(context.Background(), pg, platform.Subject{Key: other})
	if err == nil {
		t.Fatalf("judged %+v for a key Cryptlex did not answer", got)
	}
	if strings.Contains(err.Error(), other) || strings.Contains(err.Error(), livefake.Key("cryptlex", 0)) {
		t.Errorf("the error shows a key: %v", err)
	}
}
