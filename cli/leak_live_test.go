package cli_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/cli"
	"github.com/licentric/licentric-sync/providers/httpx/httpxtest"
	"github.com/licentric/licentric-sync/providers/live/livefake"
)

// liveToken is the token every fake accepts; it must never be printed.
const liveToken = "tok_LEAKCHECK_9d8e7f6a5b4c"

// TestNoTokenLeaks runs every command that reads sources against fakes
// of the three APIs, in good runs and in failing ones (a refused token,
// a 400 page that quotes the credentials back, retries), and greps all
// they print for the token. The runs are in-process on a fake clock: a
// retry's backoff and Retry-After cost no wall time.
func TestNoTokenLeaks(t *testing.T) {
	t.Setenv("LEAK_TOKEN", liveToken)
	var mu sync.Mutex
	var all bytes.Buffer
	t.Run("runs", func(t *testing.T) {
		for _, platform := range []string{"keygen", "cryptlex", "lemonsqueezy"} {
			for i, faults := range []map[int]livefake.Fault{nil, {1: livefake.Echo}, {1: livefake.Unauthorized},
				{1: livefake.ServerError, 2: livefake.TooMany}} {
				t.Run(fmt.Sprint(platform, i), func(t *testing.T) {
					t.Parallel() // independent runs, each on its own clock and fake
					text := leakRuns(t, platform, faults)
					mu.Lock()
					defer mu.Unlock()
					all.WriteString(text)
				})
			}
		}
	})
	text := all.String()
	if strings.Contains(text, liveToken) || strings.Contains(text, "LEAKCHECK") {
		t.Errorf("the token was printed")
	}
	for _, want := range []string{"the API refused the token in $LEAK_TOKEN", "HTTP 400", "Bearer [redacted]", "Apply complete"} {
		if !strings.Contains(text, want) {
			t.Errorf("expected the runs to reach %q", want)
		}
	}
	if t.Failed() {
		t.Logf("all output:\n%s", text)
	}
}

// leakRuns runs every command that reads the source against a fake of
// platform with faults, and returns all they printed.
func leakRuns(t *testing.T, platform string, faults map[int]livefake.Fault) string {
	var all bytes.Buffer
	s := livefake.Generate(fakeAPI(platform), liveToken, 30)
	s.Faults = faults
	clock := httpxtest.NewClock(time.Now())
	s.Now = clock.Now
	srv, url := s.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "licentric.yaml")
	text := fmt.Sprintf(`version: 1
products: [{code: app, name: App}]
policies: [{id: pro, product: app, name: Pro, max_machines: 1}]
sources:
  - name: live
    platform: %s
    api: {url: %q, token_env: LEAK_TOKEN}
    rules: [{policy: pro}]
`, platform, url)
	if err := os.WriteFile(cfg, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"validate"}, {"plan"}, {"plan", "--format", "markdown"}, {"plan", "--format", "json"}, {"mapping"},
		{"apply", "--auto-approve"}, {"verify"}, {"pull", "-o", filepath.Join(dir, "snaps")},
		{"init", "--platform", platform, "--api", "--url", url, "--token-env", "LEAK_TOKEN", "--force"},
	} {
		var out, errs bytes.Buffer
		c := cfg
		if args[0] == "init" {
			c = filepath.Join(dir, "init.yaml")
		}
		code := cli.Run(append([]string{"-c", c}, args...), &out, &errs, cli.Options{Clock: clock})
		fmt.Fprintf(&all, "$ %s %v %v (exit %d)\n%s%s", platform, faults, args, code, out.String(), errs.String())
	}
	return all.String()
}
