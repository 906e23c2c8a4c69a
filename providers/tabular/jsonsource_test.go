package tabular

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/readertest"
	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
)

// TestJSONBadTextKept: text a decode would turn into U+FFFD (bytes that
// are not UTF-8, a lone surrogate escape) reaches the mapping still not
// UTF-8, from the streamed reader, the whole-file reader (UTF-16) and a
// resource's id alike, so the row is refused there as a CSV row is; a
// plain JSON list refuses the row itself, located.
func TestJSONBadTextKept(t *testing.T) {
	dump := `{"data":[` + "\n" +
		`{"id":"l1","type":"licenses","attributes":{"key":"K-1\ud800"}},` + "\n" +
		`{"id":"l2","type":"licenses","attributes":{"key":"K-2` + "\xff" + `"}},` + "\n" +
		`{"id":"l\udc00","type":"licenses","attributes":{"key":"K-3"}},` + "\n" +
		`{"id":"l4","type":"licenses","attributes":{"key":"K-\ud83d\ude00"}}` + "\n]}\n"
	dir := t.TempDir()
	streamed, whole := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	if os.WriteFile(streamed, []byte(dump), 0o600) != nil || os.WriteFile(whole, readertest.UTF16(dump), 0o600) != nil {
		t.Fatal("write")
	}
	for _, path := range []string{streamed, whole} {
		s := readFuzz(path)
		if len(s.Values) != 4 || len(s.Errs) != 0 {
			t.Fatalf("%s: %d records, errors %v", path, len(s.Values), s.Errs)
		}
		valid := []bool{false, path == whole, true, true} // UTF-16 cannot hold the 0xff byte
		for i, v := range s.Values {
			if got := utf8.ValidString(v[providers.FKey]); got != valid[i] {
				t.Errorf("%s: record %d key %q: valid UTF-8 %v, want %v", path, i+1, v[providers.FKey], got, valid[i])
			}
		}
		if s.Values[3][providers.FKey] != "K-😀" {
			t.Errorf("%s: a surrogate pair reads %q", path, s.Values[3][providers.FKey])
		}
	}
	plain := filepath.Join(dir, "plain.json")
	if os.WriteFile(plain, []byte("[\n{\"key\":\"K-1\"},\n{\"key\":\"K-2\",\"name\":\"\\ud800\"}\n]\n"), 0o600) != nil {
		t.Fatal("write")
	}
	s := readertest.Collect(NewSource(config.Source{Name: "s", Glob: plain}, dir, Spec{}), plain)
	if len(s.Values) != 1 || len(s.Errs) != 1 || !strings.Contains(s.Errs[0], "FILE:3: the license holds a lone UTF-16 surrogate escape (\\ud800)") {
		t.Fatalf("plain list: %d records, errors %q", len(s.Values), s.Errs)
	}
}

// TestMarkedListReadWholeByPlainReader: a platform without a JSON:API
// reader takes a large typed list item by item, and gets every item (a
// marked list must never read as empty).
func TestMarkedListReadWholeByPlainReader(t *testing.T) {
	path := readertest.LicenseDump(t, 2*jsonindex.ChunkItems+5, 0)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	wide := filepath.Join(t.TempDir(), "wide.json")
	if err := os.WriteFile(wide, readertest.UTF16(string(data)), 0o600); err != nil {
		t.Fatal(err)
	}
	read := func(p string) readertest.Stream {
		spec := Spec{Aliases: map[providers.Field][]string{providers.FKey: {"attributeskey"}}}
		return readertest.Collect(NewSource(config.Source{Name: "s", Glob: p}, filepath.Dir(p), spec), p)
	}
	streamed := read(path)
	if len(streamed.Values) != 2*jsonindex.ChunkItems+5 {
		t.Fatalf("%d records (errors %v); want %d", len(streamed.Values), streamed.Errs, 2*jsonindex.ChunkItems+5)
	}
	if diff := cmp.Diff(read(wide), streamed); diff != "" {
		t.Errorf("streamed differs from whole (-whole +streamed):\n%s", diff)
	}
}
