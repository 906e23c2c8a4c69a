package cryptlex_test

import (
	"context"
	"strings"
	"testing"

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
// does not hold is invalid.
func TestCryptlexJudged(t *testing.T) {
	s := livefake.Generate(cryptlexfake.API, "tok", 5)
	// license 0 is generated suspended (every 50th)
	s.Licenses[2] = []byte(strings.Replace(string(s.Licenses[2]), `"revoked":false`, `"revoked":true`, 1))
	s.Licenses[3] = []byte(strings.Replace(string(s.Licenses[3]), `"expiresAt":"2030-06-01T00:00:00.000Z"`, `"expiresAt":"2020-06-01T00:00:00.000Z"`, 1))
	srv, u := s.Start()
	defer srv.Close()
	src := config.Source{Name: "cl", Platform: "cryptlex", API: &config.API{URL: u, TokenEnv: "T"}}
	pg, err := live.New(src, cryptlex.Platform.API, live.Options{Getenv: func(string) string { return "tok" }})
	if err != nil {
		t.Fatal(err)
	}
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
		got, err := v.Check(context.Background(), pg, platform.Subject{Key: "k", ID: id})
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
		got, err := v.Check(context.Background(), pg, platform.Subject{Key: license.Key(key)})
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
