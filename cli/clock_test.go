package cli_test

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/cli"
	"github.com/licentric/licentric-sync/providers/httpx/httpxtest"
	"github.com/licentric/licentric-sync/providers/live/livefake"
	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/sandbox"
)

// clockConfig reads a LemonSqueezy store's API into a Licentric account.
const clockConfig = `version: 1
target:
  licentric:
    url: %s/api/v1
products: [{code: app, name: App}]
policies: [{id: pro, product: app, name: Pro, max_machines: 1}]
sources:
  - name: live
    platform: lemonsqueezy
    api: {url: %q, token_env: CLOCK_TOKEN}
    rules: [{policy: pro}]
`

// clockRun is the CLI run in-process on one fake clock.
type clockRun struct {
	t     *testing.T
	clock *httpxtest.Clock
}

// run runs a command line and returns how long it waited on the clock
// and what it printed; it fails the test on an exit code other than 0.
func (c clockRun) run(args ...string) (time.Duration, string) {
	c.t.Helper()
	before, _ := c.clock.Slept()
	var out, errs bytes.Buffer
	if code := cli.Run(args, &out, &errs, cli.Options{Clock: c.clock}); code != 0 {
		c.t.Fatalf("%v: exit %d\n%s%s", args, code, out.String(), errs.String())
	}
	slept, _ := c.clock.Slept()
	return slept - before, out.String() + errs.String()
}

// TestRunWaitsOnItsClock: cli.Run's clock is what every wait of a run is
// on: the live source's Retry-After (read by validate and by init --api),
// pacing to the Licentric account's rate limit (apply) and verify's
// validate-key pace. The clock is a fake shared with the servers, which
// see its time pass; a run that waited on the wall clock instead would
// leave the fake clock where it was (or, for the account's limit, wait
// minutes: the test's -timeout names it).
func TestRunWaitsOnItsClock(t *testing.T) {
	clock := httpxtest.NewClock(time.Now())
	api := livefake.Generate(fakeAPI("lemonsqueezy"), "tok_clock", 20)
	api.Now = clock.Now
	fake, apiURL := api.Start()
	defer fake.Close()
	dir := t.TempDir()
	store, err := local.Open(filepath.Join(dir, "sandbox.db"), "sandbox.db")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	limited := httptest.NewServer(sandbox.New(store, sandbox.Options{RateLimit: 4, Now: clock.Now}).Handler())
	defer limited.Close()
	unlimited := httptest.NewServer(sandbox.New(store, sandbox.Options{}).Handler()) // the same account
	defer unlimited.Close()
	cfg, openCfg := filepath.Join(dir, "licentric.yaml"), filepath.Join(dir, "open.yaml")
	for path, url := range map[string]string{cfg: limited.URL, openCfg: unlimited.URL} {
		if err := os.WriteFile(path, []byte(fmt.Sprintf(clockConfig, url, apiURL)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("CLOCK_TOKEN", "tok_clock")
	t.Setenv("LICENTRIC_API_KEY", "lk_test_clock")
	c := clockRun{t: t, clock: clock}

	api.Faults = map[int]livefake.Fault{1: livefake.TooMany}
	if slept, _ := c.run("-c", cfg, "validate"); slept < time.Second {
		t.Errorf("validate waited %s on the clock; the source's Retry-After is a second", slept)
	}
	api.Faults = map[int]livefake.Fault{api.Requests() + 1: livefake.TooMany}
	if slept, _ := c.run("-c", filepath.Join(dir, "init.yaml"), "init", "--platform", "lemonsqueezy", "--api", "--url", apiURL,
		"--token-env", "CLOCK_TOKEN"); slept < time.Second {
		t.Errorf("init --api waited %s on the clock; the source's Retry-After is a second", slept)
	}
	if slept, text := c.run("-c", cfg, "apply", "--auto-approve"); slept < 10*time.Second || !strings.Contains(text, "the account's rate limit") {
		t.Errorf("apply waited %s on the clock for an account allowing 4 requests a minute:\n%s", slept, text)
	}
	// verify on the unlimited server: its own pace, one validate-key call
	// a second, is then the only wait.
	slept, text := c.run("-c", openCfg, "verify", "--sample", "5", "--seed", "1")
	if !strings.Contains(text, "validate-key: 5 sampled") || slept != 4*time.Second {
		t.Errorf("verify sampled 5 keys at 60 a minute and waited %s on the clock, want 4s:\n%s", slept, text)
	}
}
