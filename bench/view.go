package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/sandbox"
)

// benchView counts the requests each step of a sync costs against the
// sandbox when the account is kept as a view (.licentric/view.db): the
// first apply of n creates, a no-op plan of the unchanged account, an
// apply of 20 changed licenses, a refresh, and a refresh after 6 % of
// the licenses vanished outside the tool (it must block with exit 3). A
// counter in front of the sandbox's handler counts every request; wall
// time is not what this measures.
func benchView(dir, bin string, n int) {
	store, err := local.Open(filepath.Join(dir, "sandbox.db"), "sandbox.db")
	check(err)
	defer store.Close()
	var requests atomic.Int64
	h := sandbox.New(store, sandbox.Options{}).Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()
	cfg := strings.Replace(config, "version: 1\n", "version: 1\ntarget:\n  licentric:\n    url: "+srv.URL+"/api/v1\n", 1)
	check(os.WriteFile(filepath.Join(dir, "licentric.yaml"), []byte(cfg), 0o644))
	csv := filepath.Join(dir, "exports", "licenses.csv")
	check(generate(csv, n, false))
	check(os.Setenv("LICENTRIC_API_KEY", "lk_test_bench"))
	fmt.Printf("%d licenses, Licentric target: the sandbox at %s, kept as a view\n", n, srv.URL)
	fmt.Printf("%-44s %9s %6s %s\n", "step", "requests", "exit", "goal")
	imports := (n + 499) / 500
	for _, step := range []struct {
		name   string
		before func()
		args   []string
		want   int
		goal   string
	}{
		{"first apply (creates)", nil, []string{"apply", "--auto-approve"}, 0, fmt.Sprintf("≤ %d imports + catalog + 10", imports)},
		{"no-op plan (unchanged account)", nil, []string{"plan", "--detailed-exitcode"}, 0, "≤ 5"},
		{"apply of 20 changed licenses", func() { changeEmails(csv, n, 20) }, []string{"apply", "--auto-approve"}, 0, "≤ 20 + 10"},
		{"refresh", nil, []string{"refresh"}, 0, fmt.Sprintf("%d list pages", (n+99)/100)},
		{"refresh after 6 % vanished", func() { vanish(store, n*6/100) }, []string{"refresh"}, 3, "blocks: exit 3"},
		{"plan after the blocked refresh", nil, []string{"plan", "--detailed-exitcode"}, 0, "the view kept"},
	} {
		if step.before != nil {
			step.before()
		}
		before := requests.Load()
		_, _, code := run(dir, bin, step.args)
		fmt.Printf("%-44s %9d %6d %s\n", step.name, requests.Load()-before, code, step.goal)
		if code != step.want {
			fmt.Fprintf(os.Stderr, "%s exited %d, want %d\n", step.name, code, step.want)
			os.Exit(1)
		}
	}
}

// changeEmails changes the email of k licenses spread over the export.
func changeEmails(csv string, n, k int) {
	b, err := os.ReadFile(csv)
	check(err)
	for i := 0; i < k; i++ {
		j := i * (n / k)
		old := fmt.Sprintf(",user%d@example.com,", j)
		if !bytes.Contains(b, []byte(old)) {
			check(fmt.Errorf("bench: %s is not in the export", old))
		}
		b = bytes.Replace(b, []byte(old), []byte(fmt.Sprintf(",changed%d@example.com,", j)), 1)
	}
	check(os.WriteFile(csv, b, 0o644))
}

// vanish deletes k licenses behind the tool's back, as a wrong account
// (or a dashboard bulk delete) would look.
func vanish(store *local.Store, k int) {
	ls, err := store.ListLicenses(context.Background(), 0, k)
	check(err)
	for _, l := range ls {
		check(store.DeleteLicense(context.Background(), l.ID))
	}
}
