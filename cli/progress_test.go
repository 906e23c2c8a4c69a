package cli

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestPlainProgressIsSpaced: in CI, progress prints once per activity
// per plainEvery and every distinct wait.
func TestPlainProgressIsSpaced(t *testing.T) {
	var out bytes.Buffer
	r := newProgressReporter(&out, false)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r.now = func() time.Time { return now }
	r.Progress("reading licenses from X", 100, 0)
	r.Progress("reading licenses from X", 200, 0) // too soon
	now = now.Add(plainEvery)
	r.Progress("reading licenses from X", 300, 0)
	r.Waiting("the account's rate limit", 30*time.Second)
	r.Waiting("the account's rate limit", 30*time.Second) // same second
	r.Progress("applying", 5, 10)
	r.finish()
	want := "reading licenses from X: 100 so far\nreading licenses from X: 300 so far\nwaiting 30s for the account's rate limit\napplying: 5 of 10\n"
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

// TestNoArgumentsPrintsUsage: the bare command is help, not an error.
func TestNoArgumentsPrintsUsage(t *testing.T) {
	var out, errs bytes.Buffer
	if code := Main(nil, &out, &errs); code != 0 || !bytes.Contains(out.Bytes(), []byte("Usage: licentric-sync <command>")) {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out.String(), errs.String())
	}
	out.Reset()
	if code := Main([]string{"--version"}, &out, &errs); code != 0 || !bytes.HasPrefix(out.Bytes(), []byte("licentric-sync ")) {
		t.Fatalf("--version: exit %d, %q", code, out.String())
	}
}

// TestConfigFlagOnlyWhereRead: -c is a flag of the commands that read a
// config, works before them, and is refused by the ones that do not.
func TestConfigFlagOnlyWhereRead(t *testing.T) {
	if err := CheckArgs([]string{"-c", "x.yaml", "plan", "--detailed-exitcode"}); err != nil {
		t.Fatalf("-c before plan: %v", err)
	}
	if err := CheckArgs([]string{"plan", "-c", "x.yaml"}); err != nil {
		t.Fatalf("-c after plan: %v", err)
	}
	for _, cmd := range []string{"serve", "version", "schema"} {
		args := []string{"-c", "x.yaml", cmd}
		if cmd == "schema" {
			args = append(args, "config")
		}
		if err := CheckArgs(args); err == nil {
			t.Errorf("%s accepts -c, which it would ignore", cmd)
		}
	}
}
