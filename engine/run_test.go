package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// recorder is a View that writes down what a run asked of it, in order,
// and answers Confirm with yes.
type recorder struct {
	yes    bool
	events []string
}

func (r *recorder) Progress(string, int, int)     {}
func (r *recorder) Waiting(string, time.Duration) {}
func (r *recorder) Done()                         { r.events = append(r.events, "done") }
func (r *recorder) Warn(msg string)               { r.events = append(r.events, "warn") }
func (r *recorder) Confirm(q string) (bool, error) {
	r.events = append(r.events, "confirm")
	return r.yes, nil
}
func (r *recorder) Render(out Output) error {
	r.events = append(r.events, fmt.Sprintf("%T", out))
	return nil
}
func (r *recorder) Count(total int) func(int) {
	r.events = append(r.events, fmt.Sprint("count ", total))
	return func(int) {}
}

const runConfig = `version: 1
products: [{code: app, name: App}]
policies: [{id: pro, product: app, name: Pro, max_machines: 1}]
sources: [{name: legacy, platform: csv, path: licenses.csv, rules: [{policy: pro}]}]
`

// TestApplyRunsInOrder: engine.Run owns an apply's whole order. A "no"
// leaves no store behind; a "yes" shows the plan, asks, counts the
// changes, reports what was done and then the closing check, in that
// order, and a second apply has nothing to ask about.
func TestApplyRunsInOrder(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "licentric.yaml")
	write(t, cfg, runConfig)
	write(t, filepath.Join(dir, "licenses.csv"), "key,status\nK-0001,active\nK-0002,active\n")
	run := func(v *recorder) error {
		s := &Session{Config: cfg, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), ToolVersion: "test", View: v}
		return Run(context.Background(), s, &ApplyRequest{Parallelism: 1})
	}
	no := &recorder{}
	if err := run(no); err == nil || !strings.Contains(err.Error(), "apply cancelled; nothing was changed") {
		t.Fatalf("answered no: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".licentric")); !os.IsNotExist(err) {
		t.Fatalf("a refused apply left the store behind (%v)", err)
	}
	if diff := cmp.Diff([]string{"engine.PlanOutput", "confirm"}, no.events); diff != "" {
		t.Fatalf("refused apply (-want +got):\n%s", diff)
	}
	yes := &recorder{yes: true}
	if err := run(yes); err != nil {
		t.Fatal(err)
	}
	want := []string{"engine.PlanOutput", "confirm", "count 4", "done", "engine.Applied", "done", "engine.Converged", "warn"}
	if diff := cmp.Diff(want, yes.events); diff != "" {
		t.Fatalf("apply (-want +got):\n%s", diff)
	}
	again := &recorder{yes: true}
	if err := run(again); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"engine.PlanOutput"}, again.events); diff != "" {
		t.Fatalf("apply with nothing to do (-want +got):\n%s", diff)
	}
}

// TestPlanRunsInOrder: plan shows the plan, saves it (0600) and only then
// reports its changes as ErrDiffers, for the CLI's exit 2.
func TestPlanRunsInOrder(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "licentric.yaml")
	write(t, cfg, runConfig)
	write(t, filepath.Join(dir, "licenses.csv"), "key,status\nK-0001,active\n")
	out := filepath.Join(dir, "x.plan")
	v := &recorder{}
	s := &Session{Config: cfg, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), ToolVersion: "test", View: v}
	err := Run(context.Background(), s, &PlanRequest{Out: out, DetailedExitcode: true})
	if !errors.Is(err, ErrDiffers) {
		t.Fatalf("plan with changes and --detailed-exitcode: %v, want ErrDiffers", err)
	}
	if diff := cmp.Diff([]string{"done", "engine.PlanOutput", "engine.PlanSaved"}, v.events); diff != "" {
		t.Fatalf("plan (-want +got):\n%s", diff)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("saved plan: %v, %v", fi, err)
	}
}

// TestWarnWriterJoinsPieces: a warning written in several pieces (one
// Fprintf per clause) reaches the view as one line, and several lines in
// one write as several warnings.
func TestWarnWriterJoinsPieces(t *testing.T) {
	v := &lines{}
	w := newWarnWriter(v)
	fmt.Fprintf(w, "compare: %d licenses", 6)
	fmt.Fprintf(w, ": about %s", "6 s")
	fmt.Fprintln(w, ".")
	fmt.Fprint(w, "one\ntwo\n")
	if diff := cmp.Diff([]string{"compare: 6 licenses: about 6 s.", "one", "two"}, v.warned); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

// lines is a recorder that keeps the warnings' text.
type lines struct {
	recorder
	warned []string
}

func (l *lines) Warn(msg string) { l.warned = append(l.warned, msg) }
