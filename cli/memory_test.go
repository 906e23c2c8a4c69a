package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/licentric/licentric-sync/cli"
)

// TestMainLeavesTheCollectorAlone: the collector's settings are
// process-wide; a test (or an embedder) calling Main must not change them
// under the other tests, only Run with Options.TuneMemory does.
func TestMainLeavesTheCollectorAlone(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "examples", "quickstart"))); err != nil {
		t.Fatal(err)
	}
	_ = os.RemoveAll(filepath.Join(dir, ".licentric"))
	cfg := filepath.Join(dir, "licentric.yaml")
	const sentinel = int64(7) << 40
	before := debug.SetMemoryLimit(sentinel)
	defer debug.SetMemoryLimit(before)
	var out, errs bytes.Buffer
	if code := cli.Main([]string{"-c", cfg, "plan"}, &out, &errs); code != 0 {
		t.Fatalf("plan: exit %d\n%s", code, errs.String())
	}
	if got := debug.SetMemoryLimit(-1); got != sentinel {
		t.Errorf("Main changed the memory limit to %d", got)
	}
	tuned := 0
	if code := cli.Run([]string{"-c", cfg, "plan"}, &out, &errs, cli.Options{TuneMemory: func(n int) { tuned = n + 1 }}); code != 0 || tuned == 0 {
		t.Errorf("Run with TuneMemory: exit %d, tuner called: %v", code, tuned != 0)
	}
}
