package engine

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/apply"
	"github.com/licentric/licentric-sync/providers/licentric"
	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/sandbox"
)

// TestEstimateCountsEveryRequest runs plan and apply against the sandbox
// over HTTP and holds the estimate to the requests really sent: the plan
// made exactly Read, and the apply (its read, its writes, its closing
// check) exactly Requests, whether it creates, updates, deletes or does
// nothing at all.
func TestEstimateCountsEveryRequest(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "licentric.yaml")
	write(t, cfg, "version: 1\ntarget: {licentric: {url: "+sandboxURL(t, dir)+"}}\nproducts: [{code: app, name: App}]\n"+
		"policies: [{id: pro, product: app, name: Pro, max_machines: 1}]\noptions: {prune: true}\n"+
		"sources: [{name: s, platform: csv, path: licenses.csv, rules: [{policy: pro}]}]\n")
	for _, step := range []struct {
		name string
		rows int // licenses K0000…, the first suspended when odd
	}{{"creates over two import batches", 730}, {"nothing to apply", 730}, {"updates and deletes", 705}} {
		t.Run(step.name, func(t *testing.T) {
			var csv strings.Builder
			csv.WriteString("key,status,email\n")
			for i := 0; i < step.rows; i++ {
				st := "active"
				if i < 3 && step.rows%2 == 1 {
					st = "suspended"
				}
				fmt.Fprintf(&csv, "K%04d,%s,u%d@example.com\n", i, st, i)
			}
			write(t, filepath.Join(dir, "licenses.csv"), csv.String())
			eng, err := Load(cfg, time.Now(), "test")
			if err != nil {
				t.Fatal(err)
			}
			eng.Getenv = func(string) string { return "lk_test_estimate" }
			tgt, err := eng.OpenTarget(ReadWrite)
			if err != nil {
				t.Fatal(err)
			}
			defer tgt.Close()
			sent := func() int { return int(tgt.(*licentric.Target).Requests()) }
			pl, err := eng.Plan(context.Background(), tgt)
			if err != nil {
				t.Fatal(err)
			}
			est := pl.Plan.Estimate
			if sent() != est.Read {
				t.Fatalf("the plan sent %d requests, its estimate says it read with %d", sent(), est.Read)
			}
			if !pl.Plan.Empty() {
				if _, err := eng.Apply(context.Background(), tgt, pl, apply.Options{}); err != nil {
					t.Fatal(err)
				}
				if err := eng.Converged(context.Background(), tgt, pl); err != nil {
					t.Fatal(err)
				}
			}
			if sent() != est.Requests {
				t.Fatalf("apply sent %d requests, the estimate said %d (%+v)", sent(), est.Requests, est)
			}
		})
	}
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}

// testDate is today for the tests whose answers depend on an expiry
// (generated licenses expire from 2027 on): the run's Now and the
// servers' clocks, so the answers hold in any year.
var testDate = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// sandboxURL serves a sandbox over a store in dir for the test, on a
// clock pinned at testDate, and returns its API URL.
func sandboxURL(t *testing.T, dir string) string {
	t.Helper()
	store, err := local.Open(filepath.Join(dir, "sandbox.db"), "sandbox.db")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sandbox.New(store, sandbox.Options{Now: func() time.Time { return testDate }}).Handler())
	t.Cleanup(func() { srv.Close(); store.Close() })
	return srv.URL + "/api/v1"
}
