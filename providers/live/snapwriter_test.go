package live_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers/live"
)

// TestWriterStaysInItsFolder: whatever the source's name, nothing outside
// the output folder is created, renamed or removed; leftovers of an
// interrupted pull of the same source are removed; an existing snapshot
// is replaced only with force.
func TestWriterStaysInItsFolder(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "snaps")
	keep := filepath.Join(root, ".snaps.partial-1") // what a source named ".." would have globbed
	for _, d := range []string{keep, filepath.Join(dir, ".cl.partial-9"), filepath.Join(dir, ".cl.replaced-9"), filepath.Join(dir, ".other.partial-1")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{".", "..", "../x", "a/b", `a\b`, ".cl", ""} {
		src := config.Source{Name: name, Platform: "cryptlex", API: &config.API{URL: "https://api.cryptlex.com/v3"}}
		if _, err := live.NewWriter(dir, src, true); err == nil {
			t.Errorf("source name %q accepted", name)
		}
	}
	src := config.Source{Name: "cl", Platform: "cryptlex", API: &config.API{URL: "https://api.cryptlex.com/v3"}}
	w, err := live.NewWriter(dir, src, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Commit(time.Unix(1.7e9, 0), "test", "sum"); err != nil {
		t.Fatal(err)
	}
	var exists *live.ExistsError
	if _, err := live.NewWriter(dir, src, false); !errors.As(err, &exists) {
		t.Fatalf("a second pull without force: %v", err)
	}
	w, err = live.NewWriter(dir, src, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Commit(time.Unix(1.7e9, 0), "test2", "sum2"); err != nil {
		t.Fatal(err)
	}
	if m, err := live.ReadManifest(filepath.Join(dir, "cl")); err != nil || m.ToolVersion != "test2" {
		t.Fatalf("force did not replace: %+v %v", m, err)
	}
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if got := strings.Join(left, " "); got != ".other.partial-1 cl" {
		t.Errorf("the folder holds %q, want the other source's leftover and cl", got)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("a folder outside the output folder was touched: %v", err)
	}
}
