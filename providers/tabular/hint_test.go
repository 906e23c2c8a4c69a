package tabular

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/config"
)

// TestSizeHint: CSV rows are estimated from their sampled length; JSON
// licenses from their "key" members (not lines, which would count a
// dump's included owners); a hostile file never reserves more than a
// license per minHintRow bytes.
func TestSizeHint(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var rows, owners []string
	for i := 0; i < 2000; i++ {
		rows = append(rows, `{"type":"licenses","id":"l","attributes":{"key":"K-0000000000000000000000000000000000000000000000000000","name":"a license with a name"}}`)
		owners = append(owners, `{"type":"users","id":"u","attributes":{"email":"someone@example.com"}}`)
	}
	dump := write("dump.json", "{\"data\":[\n"+strings.Join(rows, ",\n")+"\n],\"included\":[\n"+strings.Join(owners, ",\n")+"\n]}\n")
	csv := write("x.csv", "key,status\n"+strings.Repeat("K-000000000000000000000000000000000000000000000000000000000000000000,active\n", 3000))
	hostile := write("hostile.json", "["+strings.Repeat(`"key",`, 100000)+`"key"]`)
	for _, tc := range []struct {
		path     string
		min, max int
	}{{dump, 2000, 2000}, {csv, 2900, 3100}, {hostile, 1, 600006 / minHintRow}} {
		s := NewSource(config.Source{Name: "s", Glob: tc.path}, dir, Spec{})
		if got := s.SizeHint(); got < tc.min || got > tc.max {
			t.Errorf("%s: hint %d, want %d to %d", filepath.Base(tc.path), got, tc.min, tc.max)
		}
	}
}
