package tabular

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
)

// TestFileCutBetweenPassesIsAnError: a dump cut short after the first
// pass indexed its owners fails the read; its licenses never become
// licenses whose owner is missing.
func TestFileCutBetweenPassesIsAnError(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"data": [`)
	for i := range 5 {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"type":"licenses","id":"%d","attributes":{"key":"K-%d"},"relationships":{"owner":{"data":{"type":"users","id":"u%d"}}}}`, i, i, i)
	}
	b.WriteString("],\n\"included\": [")
	cut := b.Len()
	for i := range 5 {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"type":"users","id":"u%d","attributes":{"email":"u%d@example.com"}}`, i, i)
	}
	b.WriteString("]}\n")
	path := filepath.Join(t.TempDir(), "dump.json")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	o, err := OpenFile(path, "dump.json")
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	doc, err := jsonindex.Read(o.input())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, int64(cut)); err != nil { // between the two passes
		t.Fatal(err)
	}
	var emitted int
	out := Output{Emit: func(*providers.Record) { emitted++ }, Warn: func(string) {}, Missing: func(string, string) {},
		Reject: func(int, error) {}}
	err = joinOwners(&Licenses{doc: doc, file: "dump.json"}, out)
	if err == nil || !strings.Contains(err.Error(), "changed while it was read") {
		t.Errorf("reading a file cut between passes: %v, want an error saying it changed", err)
	}
	if emitted > 1 {
		t.Errorf("%d licenses read on without their owners; the read must end at the first that could not be read", emitted)
	}
}
