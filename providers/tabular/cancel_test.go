package tabular

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/readertest"
	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
)

// readCancelled reads path, cancelling after the first record, and
// returns how many records came after cancel and the last error.
func readCancelled(t *testing.T, path string, spec Spec) (late int, last error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := NewSource(config.Source{Name: "s", Glob: path}, filepath.Dir(path), spec)
	cancelled := false
	for rec, err := range s.Records(ctx) {
		if err != nil {
			last = err
			continue
		}
		if cancelled {
			late++
		}
		if rec != nil && !cancelled {
			cancel()
			cancelled = true
		}
	}
	return late, last
}

// TestCancelStopsALargeRead: Ctrl-C during one large file (JSON:API in
// chunks, CSV in batches) is seen within the batch on its way, not at
// the end of the file.
func TestCancelStopsALargeRead(t *testing.T) {
	n := 40 * jsonindex.ChunkItems
	jsonPath := readertest.LicenseDump(t, n, 0)
	var csv strings.Builder
	csv.WriteString("key,name\n")
	for i := range n {
		fmt.Fprintf(&csv, "K-%d,license %d\n", i, i)
	}
	csvPath := filepath.Join(t.TempDir(), "x.csv")
	if err := os.WriteFile(csvPath, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path string
		spec       Spec
		most       int
	}{
		{"json chunks", jsonPath, Spec{JSON: joinOwners}, jsonindex.ChunkItems},
		{"csv batches", csvPath, Spec{Aliases: map[providers.Field][]string{providers.FKey: {"key"}}}, batchSize},
	} {
		t.Run(tc.name, func(t *testing.T) {
			late, err := readCancelled(t, tc.path, tc.spec)
			if late > tc.most {
				t.Errorf("%d of %d records came after cancel, want at most the %d of the batch on its way", late, n, tc.most)
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("the read ended with %v, want it to say it was cancelled", err)
			}
		})
	}
}
