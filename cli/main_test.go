package cli

import (
	"bytes"
	"testing"
)

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
