package apply_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/apply"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/providers/targettest"
)

func store(t *testing.T) *local.Store {
	s, err := local.Open(filepath.Join(t.TempDir(), "state.db"), "state.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestRunReportsProgress(t *testing.T) {
	s := store(t)
	var ls []license.License
	for i := 0; i < 12000; i++ {
		ls = append(ls, license.License{Key: license.Key(fmt.Sprintf("K%05d", i)), Status: license.Active, Product: "studio",
			Policy: "studio-yearly", Origin: license.Origin{Source: "s", Platform: "csv"}})
	}
	p := targettest.Plan(t, s, targettest.Desired(ls), false)
	reported := 0
	res, err := apply.Run(context.Background(), s, p, apply.Options{Progress: func(n int) { reported += n }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied != len(p.Changes) || reported != 12003 {
		t.Fatalf("applied %d of %d; progress was told of %d", res.Applied, len(p.Changes), reported)
	}
	if !strings.HasPrefix(res.Summary(p.Summary), "Apply complete: 12003 created, 0 updated, 0 deleted, 0 status changes") {
		t.Fatalf("summary: %s", res.Summary(p.Summary))
	}
}

func TestRunStopsWithWhatWasDone(t *testing.T) {
	s := store(t)
	bad := license.License{Key: "K", Status: license.Active, Product: "nope", Policy: "nope"}
	p := &plan.Plan{Changes: []plan.Change{{Kind: plan.KindLicense, Action: plan.Create, ID: "K", License: &bad}}}
	_, err := apply.Run(context.Background(), s, p, apply.Options{})
	if err == nil || !strings.Contains(err.Error(), "apply stopped after 0 of 1 changes") || !strings.Contains(err.Error(), "run apply again") {
		t.Fatalf("error %v", err)
	}
	if strings.Contains(err.Error(), `"K"`) {
		t.Fatalf("error leaks the key: %v", err)
	}
}

// tallying is a target that found some creates and deletes already done
// by another run.
type tallying struct{ providers.Target }

func (tallying) Apply(context.Context, []plan.Change, providers.Progress) error { return nil }
func (tallying) AlreadyDone() (int, int)                                        { return 3, 1 }

// TestSummaryCountsWhatThisRunDid: two applies of one plan at once must
// not both report every create; what the target found done is apart.
func TestSummaryCountsWhatThisRunDid(t *testing.T) {
	p := &plan.Plan{Changes: make([]plan.Change, 12), Summary: plan.Summary{Create: 10, Delete: 2}}
	res, err := apply.Run(context.Background(), tallying{}, p, apply.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "Apply complete: 7 created, 0 updated, 1 deleted, 0 status changes"
	if got := res.Summary(p.Summary); !strings.HasPrefix(got, want) || !strings.Contains(got, "3 creates and 1 deletes were already done by another run") {
		t.Fatalf("summary %q, want %q… and what another run did", got, want)
	}
}
