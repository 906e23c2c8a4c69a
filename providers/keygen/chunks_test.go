package keygen_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers/keygen"
	"github.com/licentric/licentric-sync/providers/readertest"
)

// dump is a JSON:API dump of n licenses with their owners included,
// except some owners (each such license is a row error: i%97 == 5), and
// one license that cannot be read (the read stops there, after the
// licenses before it).
func dump(n int) string {
	var data, inc []string
	for i := 0; i < n; i++ {
		id := fmt.Sprintf(`"l%d"`, i)
		if i == n/2 {
			id = "12" // not a JSON:API id: this license cannot be read
		}
		data = append(data, fmt.Sprintf(`{"id":%s,"type":"licenses","attributes":{"key":"K-%05d","expiry":null,"suspended":%v,"maxMachines":%d,"metadata":{"n":%d}},`+
			`"relationships":{"owner":{"data":{"type":"users","id":"u%d"}},"policy":{"data":{"type":"policies","id":"p%d"}}}}`, id, i, i%9 == 0, 1+i%4, i, i, i%3))
		if i%97 != 5 {
			inc = append(inc, fmt.Sprintf(`{"id":"u%d","type":"users","attributes":{"email":"u%d@example.com","fullName":"U %d"}}`, i, i, i))
		}
	}
	for p := 0; p < 3; p++ {
		inc = append(inc, fmt.Sprintf(`{"id":"p%d","type":"policies","attributes":{"name":"Policy %d"}}`, p, p))
	}
	return "{\"data\":[\n" + strings.Join(data, ",\n") + "\n],\"included\":[\n" + strings.Join(inc, ",\n") + "\n],\"links\":{\"next\":null}}\n"
}

func readFile(path string) readertest.Stream {
	return readertest.Collect(keygen.New(config.Source{Name: "k", Platform: "keygen", Path: path, Glob: path}, filepath.Dir(path)), path)
}

// TestChunkedReadEqualsWhole: a large dump is read in chunks on every
// core; the records, lines, errors and warnings equal those of the same
// dump read whole in memory (a UTF-16 copy, which is never streamed).
func TestChunkedReadEqualsWhole(t *testing.T) {
	dir := t.TempDir()
	text := dump(1234)
	plain, wide := filepath.Join(dir, "plain.json"), filepath.Join(dir, "wide.json")
	if os.WriteFile(plain, []byte(text), 0o600) != nil || os.WriteFile(wide, readertest.UTF16(text), 0o600) != nil {
		t.Fatal("write")
	}
	chunked, whole := readFile(plain), readFile(wide)
	if len(chunked.Values) != 610 || len(chunked.Errs) != 1+7 || len(chunked.Warnings) != 0 {
		t.Fatalf("read %d records, errors %v, warnings %v", len(chunked.Values), chunked.Errs, chunked.Warnings)
	}
	if diff := cmp.Diff(whole, chunked); diff != "" {
		t.Errorf("chunked read differs from reading whole (-whole +chunked):\n%s", diff)
	}
}

// TestChunkedReadAcrossFiles: two large dumps in one glob, whose owners
// lie at the same offsets with different emails, read chunked as they
// read whole: nothing read from one file serves a lookup in the other.
func TestChunkedReadAcrossFiles(t *testing.T) {
	first := dump(1234)
	second := strings.ReplaceAll(first, "@example.com", "@example.org")
	read := func(encode func(string) []byte) readertest.Stream {
		dir := t.TempDir()
		if err := os.Mkdir(filepath.Join(dir, "exports"), 0o700); err != nil {
			t.Fatal(err)
		}
		for name, text := range map[string]string{"a.json": first, "b.json": second} {
			if err := os.WriteFile(filepath.Join(dir, "exports", name), encode(text), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		glob := filepath.Join(dir, "exports", "*.json")
		return readertest.Collect(keygen.New(config.Source{Name: "k", Platform: "keygen", Path: glob, Glob: glob}, dir), glob)
	}
	chunked, whole := read(func(s string) []byte { return []byte(s) }), read(readertest.UTF16)
	if len(chunked.Values) != 2*610 || chunked.Values[610][3] != "u0@example.org" {
		t.Fatalf("read %d records (the second file's first: %v), want %d", len(chunked.Values), chunked.Values[610][3], 2*610)
	}
	if diff := cmp.Diff(whole, chunked); diff != "" {
		t.Errorf("chunked read differs from reading whole (-whole +chunked):\n%s", diff)
	}
}
