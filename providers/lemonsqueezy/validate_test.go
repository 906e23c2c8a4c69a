package lemonsqueezy_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/compare"
	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers/lemonsqueezy"
	"github.com/licentric/licentric-sync/providers/lemonsqueezy/lemonsqueezyfake"
	"github.com/licentric/licentric-sync/providers/live"
	"github.com/licentric/licentric-sync/providers/live/livefake"
	"github.com/licentric/licentric-sync/providers/platform"
)

// TestLemonSqueezyLicenseValidate holds LemonSqueezy's compare check and
// its fake to the compare row of docs/platforms.md: valid decides
// (inactive and active true, expired and disabled false) and the status
// explains; 404 is an unknown key (invalid); 422 (our request wrong) and
// a 5xx are no answer.
func TestLemonSqueezyLicenseValidate(t *testing.T) {
	s := livefake.Generate(lemonsqueezyfake.API, "tok", 4)
	// served newest first: Licenses[3] is generated license 0
	for i, st := range []string{"inactive", "expired", "disabled"} {
		s.Licenses[i] = []byte(strings.Replace(string(s.Licenses[i]), `"status":"active"`, `"status":"`+st+`"`, 1))
	}
	srv, u := s.Start()
	defer srv.Close()
	src := config.Source{Name: "ls", Platform: "lemonsqueezy", API: &config.API{URL: u, TokenEnv: "T"}}
	pg, err := live.New(src, lemonsqueezy.Platform.API, live.Options{Getenv: func(string) string { return "tok" }})
	if err != nil {
		t.Fatal(err)
	}
	check := lemonsqueezy.Platform.API.Validate.Check
	want := map[int]platform.Verdict{
		0: {Outcome: compare.Valid, Code: "active"}, 1: {Outcome: compare.Invalid, Code: "disabled"},
		2: {Outcome: compare.Invalid, Code: "expired"}, 3: {Outcome: compare.Valid, Code: "inactive"},
		99: {Outcome: compare.Invalid, Code: "not found"},
	}
	for i, w := range want {
		got, err := check(context.Background(), pg, platform.Subject{Key: license.Key(livefake.Key("lemonsqueezy", i))})
		if err != nil {
			t.Fatalf("license %d: %v", i, err)
		}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("license %d: (-want +got)\n%s", i, diff)
		}
	}
	// The fake answers a request without license_key 422, as documented,
	// and the check takes a 422 for no answer.
	req, _ := http.NewRequest(http.MethodPost, u+"/licenses/validate", strings.NewReader(url.Values{}.Encode()))
	req.Header.Set("Authorization", "Bearer tok")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a request without license_key: HTTP %d", resp.StatusCode)
	}
	if _, err := check(context.Background(), status(422), platform.Subject{Key: "k"}); err == nil {
		t.Error("a 422 was taken for an answer about the key")
	}
	s.Update(func() { s.PathFaults = map[string]livefake.Fault{"/v1/licenses/validate": livefake.ServerError} })
	if _, err := check(context.Background(), pg, platform.Subject{Key: license.Key(livefake.Key("lemonsqueezy", 0))}); err == nil {
		t.Error("a 500 was taken for an answer")
	}
}

// status is an Asker whose every answer is that HTTP status with the
// platform's error document.
type status int

func (s status) Ask(context.Context, platform.Request) (int, []byte, error) {
	return int(s), []byte(`{"error":"The license key field is required."}`), nil
}
