package tabular

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/readertest"
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

// FuzzExactString holds exactString to encoding/json: the same strings
// refused, the same text for every string whose text is exact, and text
// that is not UTF-8 exactly where a decode would have replaced some.
func FuzzExactString(f *testing.F) {
	for _, s := range []string{`"abc"`, `"a\"b\\c\/d\b\f\n\r\t"`, `"\u00e9"`, "\"\xff\"", `"\ud800"`, `"\udc00\ud800"`,
		`"\ud83d\ude00"`, `"\ud83d\u0041"`, `"\ud83d\ud83d\ude00"`, `"\u12"`, `"a`, "\"\x01\"", ` "x" `, `"\\ud800"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		got, ok := exactString(v)
		var want string
		err := json.Unmarshal(v, &want)
		if ok != (err == nil) {
			t.Fatalf("exactString(%q) ok %v; a decode: %v", v, ok, err)
		}
		if !ok {
			return
		}
		problem := license.JSONTextProblem(string(v))
		switch {
		case problem == "" && got != want:
			t.Fatalf("exactString(%q) = %q; a decode %q", v, got, want)
		case problem == "" && !utf8.ValidString(got):
			t.Fatalf("exactString(%q) = %q is not UTF-8, and JSONTextProblem sees nothing", v, got)
		case problem != "" && utf8.ValidString(got):
			t.Fatalf("exactString(%q) = %q is UTF-8, though %s", v, got, problem)
		}
	})
}
