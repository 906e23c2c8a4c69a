package tabular

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSurelyLicenses: only a page whose first resource is plainly a
// license skips the look at what a file holds; anything else is read to
// see (and read again as licenses when it is not users, policies or
// products).
func TestSurelyLicenses(t *testing.T) {
	dir := t.TempDir()
	var got []bool
	for i, text := range []string{
		`{"data":[{"id":"3290b028-66d0-97eb-4239-e4b4dfce6ae2","type":"licenses","attributes":{}}]}`,
		"\ufeff {\n \"data\" : [ { \"type\" : \"licenses\" } ] }",
		`{"data":[{"id":"u1","type":"users","attributes":{}}]}`,
		`{"included":[{"id":"u1","type":"users"}],"data":[{"id":"l1","type":"licenses"}]}`,
		`{"data":[{"attributes":{"type":"licenses"},"id":"l1","type":"licenses"}]}`,
		`{"data":[{"id":"a\"b","type":"licenses"}]}`,
	} {
		path := filepath.Join(dir, string(rune('a'+i))+".json")
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		got = append(got, surelyLicenses(path))
	}
	if diff := cmp.Diff([]bool{true, true, false, false, false, false}, got); diff != "" {
		t.Errorf("surely licenses (-want +got):\n%s", diff)
	}
}

// TestResourceIDs: a list's ids in order, skimmed or decoded; anything
// that is not a list of resources with ids is not ok.
func TestResourceIDs(t *testing.T) {
	ids, ok := ResourceIDs([]byte(` [{"id":"a","type":"licenses"}, {"type":"users","id":"b\u00e9"} ,{"attributes":{"id":"x"},"id":"c"}]`))
	if diff := cmp.Diff([]string{"a", "bé", "c"}, ids); diff != "" || !ok {
		t.Errorf("ids (-want +got):\n%s (ok %v)", diff, ok)
	}
	for _, bad := range []string{`{}`, `[{"type":"users"}]`, `[1]`, `[{"id":"a"`, ``} {
		if ids, ok := ResourceIDs([]byte(bad)); ok {
			t.Errorf("%s: ok with %v", bad, ids)
		}
	}
}
