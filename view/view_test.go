package view

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/engine"
	"github.com/licentric/licentric-sync/providers"
)

// TestHints: a hint repeats the user's -c and --snapshot, quoted for a
// shell, and adds --auto-approve where nobody can confirm.
func TestHints(t *testing.T) {
	for _, tc := range []struct {
		h    Hints
		want string
	}{
		{Hints{Config: DefaultConfig, Interactive: true}, "licentric-sync apply x.plan"},
		{Hints{Config: "my config.yaml"}, "licentric-sync -c 'my config.yaml' apply x.plan --auto-approve"},
		{Hints{Config: DefaultConfig, Snapshot: "snaps", Interactive: true}, "licentric-sync apply --snapshot snaps x.plan"},
	} {
		if got := tc.h.Apply("x.plan"); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.h, got, tc.want)
		}
	}
	if got := ShellQuote("it's"); got != `'it'\''s'` {
		t.Errorf("ShellQuote: %q", got)
	}
}

// TestConfirm: only "yes" on a terminal goes ahead; without a terminal
// the view refuses rather than guess.
func TestConfirm(t *testing.T) {
	var out bytes.Buffer
	for _, tc := range []struct {
		terminal bool
		answer   string
		yes      bool
		err      string
	}{
		{true, "yes\n", true, ""},
		{true, "y\n", false, ""},
		{false, "yes\n", false, "no terminal to ask on"},
	} {
		v := New(Options{Stdout: &out, Stderr: &out, Stdin: strings.NewReader(tc.answer), Terminal: func(f any) bool { return tc.terminal && f != any(&out) }})
		yes, err := v.Confirm("Apply these changes?")
		if yes != tc.yes || (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("terminal %v, %q: %v, %v", tc.terminal, tc.answer, yes, err)
		}
	}
}

// TestRenderLines: the small results print the lines users and scripts
// read, on the stream they expect, and Warn escapes control characters.
func TestRenderLines(t *testing.T) {
	var out, errs bytes.Buffer
	v := New(Options{Stdout: &out, Stderr: &errs, Hints: Hints{Config: "c.yaml"}})
	for _, o := range []engine.Output{
		engine.KeyChecked{Ref: "key:0123456789abcdef", Answer: providers.Validation{Valid: false, Code: "NOT_FOUND"}, Target: "local store x"},
		engine.PullDone{Out: "snapshots"},
		engine.PlanSaved{File: "x.plan"},
	} {
		if err := v.Render(o); err != nil {
			t.Fatal(err)
		}
	}
	v.Warn("WARNING: name \x1b[2J")
	wantOut := "key:0123456789abcdef: valid=false code=NOT_FOUND (target: local store x)\nPlan from it with: licentric-sync -c c.yaml plan --snapshot snapshots\n"
	wantErr := "Saved the plan to x.plan; apply it with: licentric-sync -c c.yaml apply x.plan --auto-approve\nWARNING: name \\x1b[2J\n"
	if diff := cmp.Diff(wantOut, out.String()); diff != "" {
		t.Errorf("stdout (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantErr, errs.String()); diff != "" {
		t.Errorf("stderr (-want +got):\n%s", diff)
	}
}
