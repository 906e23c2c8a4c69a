package licentric_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/httpx/httpxtest"
	"github.com/licentric/licentric-sync/providers/licentric"
	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/providers/targettest"
	"github.com/licentric/licentric-sync/sandbox"
)

const testKey = "lk_test_conformance"

// startSandbox serves a fresh store over real HTTP on 127.0.0.1.
func startSandbox(t testing.TB, opts sandbox.Options) (*local.Store, *sandbox.Server, string) {
	t.Helper()
	store, err := local.Open(filepath.Join(t.TempDir(), "sandbox.db"), "sandbox.db")
	if err != nil {
		t.Fatal(err)
	}
	srv := sandbox.New(store, opts)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); store.Close() })
	return store, srv, ts.URL + "/api/v1"
}

// newTarget is a target for url on a fake clock of its own: its backoff
// and Retry-After waits take no wall time. A test of pacing shares one
// clock with its sandbox (newTargetOn).
func newTarget(t testing.TB, url string) *licentric.Target {
	t.Helper()
	return newTargetOn(t, url, httpxtest.NewClock(time.Now()))
}

func newTargetOn(t testing.TB, url string, clock *httpxtest.Clock) *licentric.Target {
	t.Helper()
	target, err := licentric.New(url, testKey)
	if err != nil {
		t.Fatal(err)
	}
	target.SetClock(clock)
	t.Cleanup(func() { target.Close() })
	return target
}

// TestConformance runs the shared target suite against the sandbox over HTTP.
func TestConformance(t *testing.T) {
	targettest.Run(t, func(t *testing.T) providers.Target {
		_, _, url := startSandbox(t, sandbox.Options{})
		return newTarget(t, url)
	})
}

func TestRefusesLiveKeysAndPlainHTTPElsewhere(t *testing.T) {
	_, _, url := startSandbox(t, sandbox.Options{})
	live, err := licentric.New(url, "lk_live_secretvalue")
	if err != nil {
		t.Fatal(err)
	}
	_, err = live.Current(context.Background())
	if err == nil || !licentric.IsStatus(err, 401) {
		t.Fatalf("a live key must be refused by the sandbox, got %v", err)
	}
	if got := err.Error(); strings.Contains(got, "secretvalue") {
		t.Fatalf("the error quotes the API key: %s", got)
	}
	for _, bad := range []string{"http://example.com/api/v1", "https://u:pw@example.com/api/v1", url + "?k=v", url + "#f"} {
		if _, err := licentric.New(bad, testKey); err == nil || strings.Contains(err.Error(), "pw") {
			t.Fatalf("%s must be refused before any request, without quoting it: %v", bad, err)
		}
	}
}

// desired returns n licenses for the conformance catalog.
func desired(n int) plan.Desired {
	ls := make([]license.License, n)
	for i := range ls {
		ls[i] = license.License{Key: license.Key(fmt.Sprintf("HTTP-%06d", i)), Status: license.Active, Product: "studio",
			Policy: "studio-yearly", UserEmail: fmt.Sprintf("u%d@example.com", i),
			Origin: license.Origin{Source: "src", Platform: "csv", SourceID: fmt.Sprint(i)}}
		if i%10 == 0 {
			ls[i].Status = license.Suspended
		}
	}
	return targettest.Desired(ls)
}

// TestPacingAvoids429 sets a limit low enough to matter (15 requests a
// one-second window) and checks an apply needing more than that never
// gets a 429 and still finishes.
func TestPacingAvoids429(t *testing.T) {
	clock := httpxtest.NewClock(time.Unix(1_700_000_000, 0))
	_, srv, url := startSandbox(t, sandbox.Options{RateLimit: 15, Window: time.Second, Now: clock.Now})
	target := newTargetOn(t, url, clock)
	d := desired(40)
	// 40 status changes after the creates need far more than 15 requests.
	start := clock.Now()
	targettest.Converge(t, target, d, false)
	for i := range d.Licenses {
		d.Licenses[i].Status = license.Suspended
	}
	targettest.Converge(t, target, d, false)
	if srv.Limited() != 0 {
		t.Fatalf("the client provoked %d answers 429; it must pace itself from the headers", srv.Limited())
	}
	// A bucket of 15 refilled at 15 a second lets n requests through in
	// no less than (n-15)/15 seconds (of the shared fake clock).
	n := target.Requests()
	if least := time.Duration(n-15) * time.Second / 15; clock.Now().Sub(start) < least {
		t.Fatalf("%d requests went through a 15/s limit in %s, under %s: the pacing did not wait", n, clock.Now().Sub(start), least)
	}
}

// TestRequestsPerLicense checks the contract's minimum: creates cost one
// import per 500, reads one page per 100.
func TestRequestsPerLicense(t *testing.T) {
	_, _, url := startSandbox(t, sandbox.Options{})
	target := newTarget(t, url)
	d := desired(5000)
	p := targettest.Plan(t, target, d, false)
	before := target.Requests()
	if err := target.Apply(context.Background(), p.Changes, nil); err != nil {
		t.Fatal(err)
	}
	used := target.Requests() - before
	// 1 product + 2 policies + 1 re-read of the policies (a policy has
	// no unique field, so the apply checks that no other run created it
	// too) + 10 imports of 500.
	if minimum := int64(3 + 1 + 10); float64(used) > 1.05*float64(minimum) {
		t.Fatalf("apply of 5,000 creates used %d requests; the minimum is %d", used, minimum)
	}
	before = target.Requests()
	if _, err := target.Current(context.Background()); err != nil {
		t.Fatal(err)
	}
	if reads := target.Requests() - before; reads != 1+1+50 {
		t.Fatalf("reading 5,000 licenses took %d requests, want 52 (pages of 100)", reads)
	}
}

// TestColdCacheWorkersShareOneRead applies 40 updates with 8 workers on a
// target that has not read the account yet: the workers must share one
// read (not each re-read it), and -race must see no unguarded map.
func TestColdCacheWorkersShareOneRead(t *testing.T) {
	_, _, url := startSandbox(t, sandbox.Options{})
	d := desired(40)
	targettest.Converge(t, newTarget(t, url), d, false)
	for i := range d.Licenses {
		d.Licenses[i].UserName = fmt.Sprintf("renamed %d", i)
	}
	p := targettest.Plan(t, newTarget(t, url), d, false)
	if p.Summary.Update != 40 {
		t.Fatalf("want 40 updates, got %+v", p.Summary)
	}
	cold := newTarget(t, url)
	cold.SetParallelism(8)
	if err := cold.Apply(context.Background(), p.Changes, nil); err != nil {
		t.Fatal(err)
	}
	// 40 PATCHes plus one read of the account: products, policies and
	// licenses, one page each.
	if got := cold.Requests(); got != 40+3 {
		t.Fatalf("40 updates on a cold cache took %d requests, want 43 (one shared read)", got)
	}
	if again := targettest.Plan(t, cold, d, false); !again.Empty() {
		t.Fatalf("re-plan shows %d changes", len(again.Changes))
	}
}

// recorder is a providers.Reporter that keeps what it was told.
type recorder struct {
	mu       sync.Mutex
	progress []string
	waits    []string
}

func (r *recorder) Progress(what string, done, total int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.progress = append(r.progress, fmt.Sprintf("%s %d", what, done))
}

func (r *recorder) Waiting(why string, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.waits = append(r.waits, why)
}

// TestReadsAndWaitsAreReported: reading the account reports licenses as
// pages arrive, and a wait for the rate limit is reported, not silent.
func TestReadsAndWaitsAreReported(t *testing.T) {
	_, _, url := startSandbox(t, sandbox.Options{})
	targettest.Converge(t, newTarget(t, url), desired(250), false)
	clock := httpxtest.NewClock(time.Unix(1_700_000_000, 0))
	_, _, slow := startSandbox(t, sandbox.Options{RateLimit: 2, Window: 3 * time.Second, Now: clock.Now})
	for _, u := range []string{url, slow} {
		target := newTargetOn(t, u, clock)
		rec := &recorder{}
		target.SetReporter(rec)
		for i := 0; i < 2; i++ {
			if _, err := target.Current(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		if u == url && !slices.Contains(rec.progress, "reading licenses from "+url+" 250") {
			t.Fatalf("no progress for the license pages: %v", rec.progress)
		}
		if u == slow && (len(rec.waits) == 0 || !strings.Contains(rec.waits[0], "rate limit")) {
			t.Fatalf("six requests through a limit of 2 per 3 s waited without a word: %v", rec.waits)
		}
	}
}
