package tabular

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/config"
)

// TestSizeHint: CSV rows are estimated from their sampled length; JSON
// licenses from their "key" members (not lines, which would count a
// dump's included owners), counted whole in a small source; a hostile
// file never reserves more than a license per minHintRow bytes.
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

// TestSampledHint: a JSON source larger than hintBudget is estimated
// from samples spread over its files, licenses first and owners after
// (a dump) or page after page, and the hint is never short of the
// licenses (a short one makes the mapping double its list at the end)
// and at most a few percent over.
func TestSampledHint(t *testing.T) {
	dir := t.TempDir()
	page := func(name string, n, from int) {
		var rows, owners []string
		for i := from; i < from+n; i++ {
			rows = append(rows, fmt.Sprintf(`{"type":"licenses","id":"l%d","attributes":{"key":"K-%0*d","name":%q},"relationships":{"owner":{"data":{"type":"users","id":"u%d"}}}}`,
				i, 20+i%17, i, strings.Repeat("n", i%50), i))
			owners = append(owners, fmt.Sprintf(`{"type":"users","id":"u%d","attributes":{"email":"user%d@example.com","fullName":%q}}`, i, i, strings.Repeat("f", i%23)))
		}
		text := "{\"data\":[\n" + strings.Join(rows, ",\n") + "\n],\"included\":[\n" + strings.Join(owners, ",\n") + "\n]}\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	page("dump.json", 20000, 0)
	for i := range 12 {
		page(fmt.Sprintf("page-%02d.json", i), 1000, 1000*i)
	}
	for _, tc := range []struct {
		glob string
		n    int
	}{{"dump.json", 20000}, {"page-*.json", 12000}} {
		s := NewSource(config.Source{Name: "s", Glob: filepath.Join(dir, tc.glob)}, dir, Spec{})
		if got := s.SizeHint(); got < tc.n || got > tc.n+tc.n*8/100 {
			t.Errorf("%s: hint %d for %d licenses, want %d to 8 %% more", tc.glob, got, tc.n, tc.n)
		}
	}
}

// periodic is a file that is not there: pattern repeated up to size
// bytes. It counts the bytes read from it.
type periodic struct {
	pattern string
	size    int64
	read    int64
}

func (p *periodic) ReadAt(b []byte, off int64) (int, error) {
	n := 0
	for ; n < len(b) && off+int64(n) < p.size; n++ {
		b[n] = p.pattern[(off+int64(n))%int64(len(p.pattern))]
	}
	p.read += int64(n)
	return n, nil
}

// TestHintReadsASample: a gigabyte of licenses costs the hint hintBudget
// bytes read, not the file, and a layout as regular as can be (every
// license the same length) is estimated as closely as an irregular one.
func TestHintReadsASample(t *testing.T) {
	for _, pattern := range []string{`{"key":"K-1"},`, `{"type":"licenses","attributes":{"key":"K-0001","n":"` + strings.Repeat("x", 4000) + `"}},`} {
		f := &periodic{pattern: pattern, size: 1 << 30}
		want := int(f.size / int64(len(pattern)))
		_, got := sampleKeys([]hintFile{{r: f, size: f.size}})
		if got < want || got > want+want*8/100 {
			t.Errorf("licenses of %d bytes: hint %d, want %d to 8 %% more", len(pattern), got, want)
		}
		if f.read > hintBudget {
			t.Errorf("the hint read %d bytes of a %d-byte file, want at most %d", f.read, f.size, hintBudget)
		}
	}
}
