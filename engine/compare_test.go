package engine

import (
	"bytes"
	"context"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/compare"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/live/livefake"
	"github.com/licentric/licentric-sync/providers/registry"
)

// TestCompareStoppedIsPartial: a run stopped mid-way (Ctrl-C cancels the
// context) keeps what it compared, marks the report partial and never
// counts the license being asked when it stopped, nor calls it unknown.
func TestCompareStoppedIsPartial(t *testing.T) {
	dir := t.TempDir()
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	fake := livefake.Generate(registry.Default().Fake("keygen"), "tok", 4)
	fake.Now = func() time.Time { return testDate }
	asked := 0
	fake.OnRequest = func(int) {
		if p := fake.Paths(); strings.HasSuffix(p[len(p)-1], "/actions/validate?") {
			if asked++; asked == 2 {
				stop()
			}
		}
	}
	fsrv, url := fake.Start()
	t.Cleanup(fsrv.Close)
	eng, tgt := compareRun(t, dir, "keygen", url, testDate)
	var notice bytes.Buffer
	r, err := eng.Compare(ctx, tgt, CompareOptions{Notice: &notice})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Partial || r.OK || r.Planned != 4 || r.Compared != 1 || r.Counts[compare.Undecided] != 0 {
		t.Errorf("stopped run: partial=%v ok=%v planned=%d compared=%d counts=%v; want partial, not ok, 1 of 4 compared, none unknown",
			r.Partial, r.OK, r.Planned, r.Compared, r.Counts)
	}
	var out bytes.Buffer
	if err := r.Write(&out, "text"); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "PARTIAL: stopped after 1 of 4 licenses") {
		t.Errorf("the text report does not open with PARTIAL:\n%s", out.String())
	}
}

// TestTook: the up-front estimate reads as a person would say it.
func TestTook(t *testing.T) {
	for d, want := range map[time.Duration]string{200 * time.Minute: "3 h 20 min", 12 * time.Minute: "12 min", 40 * time.Second: "40 s"} {
		if got := Took(d); got != want {
			t.Errorf("Took(%s) = %q, want %q", d, got, want)
		}
	}
}

// TestCompareJudgesOnTheRunsClock: Cryptlex's judged answer decides an
// expiry at the run's Now (Engine.Now, through platform.Subject.Now), not
// the wall's: a generated license expiring 2028-06-01 is judged valid by
// a run at testDate and expired by one at 2028-06-02.
func TestCompareJudgesOnTheRunsClock(t *testing.T) {
	fake := livefake.Generate(registry.Default().Fake("cryptlex"), "tok", 2)
	fake.Now = func() time.Time { return testDate }
	fsrv, url := fake.Start()
	t.Cleanup(fsrv.Close)
	for now, want := range map[time.Time]string{testDate: "judged valid", time.Date(2028, 6, 2, 0, 0, 0, 0, time.UTC): "expired"} {
		eng, tgt := compareRun(t, t.TempDir(), "cryptlex", url, now)
		r, err := eng.Compare(context.Background(), tgt, CompareOptions{Notice: &bytes.Buffer{}})
		if err != nil {
			t.Fatal(err)
		}
		codes := map[string]string{}
		for _, f := range r.Findings {
			codes[f.Ref] = f.OldCode
		}
		if len(codes) != 2 || !slices.Contains(slices.Collect(maps.Values(codes)), want) {
			t.Errorf("run at %s: Cryptlex's judged codes %v; want one %q", now.Format(time.DateOnly), codes, want)
		}
	}
}

// compareRun is an engine at now reading source src of platform from the
// API at url (token "tok"), and its empty sandbox target, open for the
// test.
func compareRun(t *testing.T, dir, platform, url string, now time.Time) (*Engine, providers.Target) {
	t.Helper()
	cfg := filepath.Join(dir, "licentric.yaml")
	write(t, cfg, "version: 1\ntarget: {licentric: {url: "+sandboxURL(t, dir)+"}}\nproducts: [{code: app, name: App}]\n"+
		"policies: [{id: pro, product: app, name: Pro, max_machines: 1}]\n"+
		"sources: [{name: src, platform: "+platform+", api: {url: "+url+", token_env: SRC_TOKEN}, rules: [{policy: pro}]}]\n")
	eng, err := Load(cfg, now, "test")
	if err != nil {
		t.Fatal(err)
	}
	eng.Getenv = func(v string) string {
		return map[string]string{"SRC_TOKEN": "tok", "LICENTRIC_API_KEY": "lk_test_c"}[v]
	}
	tgt, err := eng.OpenTarget(ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tgt.Close() })
	return eng, tgt
}
