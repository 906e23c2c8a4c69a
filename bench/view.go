package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/sandbox"
)

// benchView counts the requests each step of a sync costs against the
// sandbox when the account is kept as a view (.licentric/view.db): the
// first apply of n creates, a no-op plan of the unchanged account,
// applies of 20 changed licenses (field updates, status changes, creates,
// and a day's mix of new sales, renewals and revocations) with each
// license re-checked before its write and again with
// target.licentric.recheck: false, a refresh, and a refresh after 6 % of
// the licenses vanished outside the tool (it must block with exit 3). A
// counter in front of the sandbox's handler counts every request and
// breaks each step down by route; wall time is not what this measures.
func benchView(dir, bin string, n int) {
	store, err := local.Open(filepath.Join(dir, "sandbox.db"), "sandbox.db")
	check(err)
	defer store.Close()
	var c counter
	srv := httptest.NewServer(c.wrap(sandbox.New(store, sandbox.Options{}).Handler()))
	defer srv.Close()
	cfgPath := filepath.Join(dir, "licentric.yaml")
	cfg := strings.Replace(config, "version: 1\n", "version: 1\ntarget:\n  licentric:\n    url: "+srv.URL+"/api/v1\n", 1) +
		"options:\n  safety:\n    licenses:\n      revoke: {max_count: 100}\n" // the revocations are the point
	check(os.WriteFile(cfgPath, []byte(cfg), 0o644))
	csv := filepath.Join(dir, "exports", "licenses.csv")
	check(generate(csv, n, false))
	check(os.Setenv("LICENTRIC_API_KEY", "lk_test_bench"))
	fmt.Printf("%d licenses, Licentric target: the sandbox at %s, kept as a view\n", n, srv.URL)
	fmt.Printf("%-62s %9s %5s %s\n", "step", "requests", "exit", "goal")
	for _, s := range viewSteps(csv, cfgPath, store, n) {
		if s.before != nil {
			s.before()
		}
		c.take()
		_, _, code := run(dir, bin, s.args)
		total, routes := c.take()
		fmt.Printf("%-62s %9d %5d %s\n", s.name, total, code, s.goal)
		if routes != "" {
			fmt.Printf("    %s\n", routes)
		}
		if code != s.want {
			fmt.Fprintf(os.Stderr, "%s exited %d, want %d\n", s.name, code, s.want)
			os.Exit(1)
		}
	}
}

// viewStep is one command of the -view benchmark and the change to the
// export (or the account) made before it.
type viewStep struct {
	name   string
	before func()
	args   []string
	want   int
	goal   string
}

// viewSteps are the -view benchmark's commands in order. The four kinds
// of 20-license applies run twice: with the default re-check of each
// license before its write, then with target.licentric.recheck: false.
func viewSteps(csv, cfg string, store *local.Store, n int) []viewStep {
	apply := []string{"apply", "--auto-approve"}
	plan := []string{"plan", "--detailed-exitcode"}
	steps := []viewStep{
		{"first apply (creates)", nil, apply, 0, fmt.Sprintf("≤ %d imports + catalog + 10", (n+499)/500)},
		{"no-op plan (unchanged account)", nil, plan, 0, "≤ 5"},
	}
	for round, label := range []string{"", ", recheck: false"} {
		off, tag := round*4, fmt.Sprint(round)
		steps = append(steps,
			viewStep{"apply: 20 field updates (emails)" + label, func() {
				setRecheck(cfg, round == 0)
				changeEmails(csv, n, 20, off)
			}, apply, 0, "≤ 20 + 10"},
			viewStep{"apply: 10 suspends + 10 revocations" + label, func() {
				setStatus(csv, n, 10, off+1, "SUSPENDED")
				setStatus(csv, n, 10, off+1+n/20, "REVOKED")
			}, apply, 0, "≤ 20 + 10"},
			viewStep{"apply: 20 creates (new sales)" + label, func() { sell(csv, "s"+tag, 20) }, apply, 0, "≤ 20 + 10"},
			viewStep{"apply: 10 sales + 6 renewals + 4 revocations" + label, func() {
				sell(csv, "m"+tag, 10)
				renew(csv, n, 6, off+2)
				setStatus(csv, n, 4, off+3, "REVOKED")
			}, apply, 0, "≤ 20 + 10"},
		)
	}
	return append(steps,
		viewStep{"refresh", func() { setRecheck(cfg, true) }, []string{"refresh"}, 0, fmt.Sprintf("%d list pages", (n+99)/100)},
		viewStep{"refresh after 6 % vanished", func() { vanish(store, n*6/100) }, []string{"refresh"}, 3, "blocks: exit 3"},
		viewStep{"plan after the blocked refresh", nil, plan, 0, "the view kept"},
	)
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
