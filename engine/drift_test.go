package engine

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/sandbox"
)

// TestDriftScheduleCost: what the plan's note says the drift workflow's
// schedule costs a month (DriftMonthlyRequests) is what that schedule
// sends, measured against the sandbox with a counter: the hourly plan
// from the view sends nothing, and the daily refresh and verify (with the
// workflow's own --sample) send, over 30 days, exactly the note's number
// of management requests (validate-key has its own tier, apart from the
// monthly quota as the sandbox keeps it). The workflow file is read, so a
// change of its schedule or its daily steps fails here until the cost
// follows.
func TestDriftScheduleCost(t *testing.T) {
	wf, err := os.ReadFile(filepath.Join("..", "examples", "ci", "drift.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`cron: "17 * * * *"`, `cron: "47 3 * * *"`, "run: licentric-sync refresh\n", "licentric-sync verify --sample 5 "} {
		if !strings.Contains(string(wf), want) {
			t.Fatalf("examples/ci/drift.yml no longer holds %q: measure its schedule again and make DriftMonthlyRequests follow", want)
		}
	}
	if n := strings.Count(string(wf), "licentric-sync "); n != 2 {
		t.Fatalf("examples/ci/drift.yml runs licentric-sync %d times, this test knows 2 (refresh, verify)", n)
	}
	const n = 250
	dir, count := driftAccount(t, n)
	run := func(req Request) {
		s := &Session{Config: filepath.Join(dir, "licentric.yaml"), Now: time.Now().UTC(), ToolVersion: "test", View: &recorder{},
			Getenv: func(string) string { return "lk_test_drift" }}
		if err := Run(context.Background(), s, req); err != nil {
			t.Fatalf("%T: %v", req, err)
		}
	}
	run(&ApplyRequest{AutoApprove: true, Parallelism: 1})
	count.Store(0)
	run(&PlanRequest{})
	if hourly := count.Load(); hourly != 0 {
		t.Fatalf("the hourly plan from the view sent %d requests, want 0", hourly)
	}
	run(&RefreshRequest{})
	run(&VerifyRequest{Sample: 5, Seed: 1})
	if daily := int(count.Load()); 30*daily != DriftMonthlyRequests(n) {
		t.Fatalf("refresh and verify sent %d management requests a day, %d a month; the plan's note says %d", daily, 30*daily, DriftMonthlyRequests(n))
	}
}

// driftAccount is a config with n licenses and a Licentric target: the
// sandbox on loopback, whose management requests count counts.
func driftAccount(t *testing.T, n int) (string, *atomic.Int64) {
	dir := t.TempDir()
	store, err := local.Open(filepath.Join(dir, "sandbox.db"), "sandbox.db")
	if err != nil {
		t.Fatal(err)
	}
	var count atomic.Int64
	h := sandbox.New(store, sandbox.Options{}).Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/validate-key") {
			count.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { srv.Close(); store.Close() })
	write(t, filepath.Join(dir, "licentric.yaml"), strings.Replace(runConfig, "version: 1\n",
		"version: 1\ntarget: {licentric: {url: "+srv.URL+"/api/v1}}\n", 1))
	var csv strings.Builder
	csv.WriteString("key,status\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&csv, "K-%04d,active\n", i)
	}
	write(t, filepath.Join(dir, "licenses.csv"), csv.String())
	return dir, &count
}
