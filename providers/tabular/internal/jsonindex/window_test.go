package jsonindex

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// countingReader counts the reads it serves.
type countingReader struct {
	r     *strings.Reader
	reads int
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	c.reads++
	return c.r.ReadAt(p, off)
}

// TestReadWindow holds every read to the file's bytes, and reads moving
// forward to a window each instead of a read each, while reads in no
// order stay exact.
func TestReadWindow(t *testing.T) {
	var file strings.Builder
	var spans []span
	for i := 0; i < 5000; i++ {
		res := fmt.Sprintf(`{"type":"users","id":"%d"}`, i)
		spans = append(spans, span{off: int64(file.Len()), n: int64(len(res))})
		file.WriteString(res + ",\n")
	}
	data := file.String()
	check := func(name string, order []int) int {
		src := &countingReader{r: strings.NewReader(data)}
		var w readWindow
		for _, i := range order {
			sp := spans[i]
			if got, _ := w.read(src, sp); !bytes.Equal(got, []byte(data[sp.off:sp.off+sp.n])) {
				t.Fatalf("%s: resource %d reads %q", name, i, got)
			}
		}
		return src.reads
	}
	forward := make([]int, len(spans))
	for i := range forward {
		forward[i] = i
	}
	if reads := check("forward", forward); reads > len(data)/(readAhead/2) {
		t.Errorf("forward: %d reads for %d bytes; want a window each", reads, len(data))
	}
	scattered := make([]int, 0, len(spans))
	for i := 0; i < len(spans); i++ {
		scattered = append(scattered, (i*7919)%len(spans))
	}
	check("scattered", scattered)
	var w readWindow
	if got, err := w.read(&countingReader{r: strings.NewReader(data)}, span{off: int64(len(data)) - 3, n: 10}); got != nil || err == nil {
		t.Errorf("a resource cut by the end of the file reads %q, %v; want an error", got, err)
	}
}

// TestReadWindowReset: a window lent to another file's reader serves
// nothing it read from the first.
func TestReadWindowReset(t *testing.T) {
	var w readWindow
	sp := span{off: 0, n: 5}
	_, _ = w.read(strings.NewReader("aaaaa-----"), sp)
	w.reset()
	if got, _ := w.read(strings.NewReader("bbbbb-----"), sp); string(got) != "bbbbb" {
		t.Errorf("after reset the window serves %q, want the new file's bytes", got)
	}
}

// TestLookupWindowPerFile: a reader's window, lent from one file's walk
// to the next's, never serves the first file's bytes. The second file
// lists the same licenses in reverse, so its first lookup falls where
// the first file's last one did, and its owners have other emails.
func TestLookupWindowPerFile(t *testing.T) {
	n := manyOfType + 100 // owners looked up on demand, through the window
	var lics, owners []string
	for i := 0; i < n; i++ {
		lics = append(lics, fmt.Sprintf(`{"type":"licenses","id":"l%04d","attributes":{},"relationships":{"owner":{"data":{"type":"users","id":"u%04d"}}}}`, i, i))
		owners = append(owners, fmt.Sprintf(`{"type":"users","id":"u%04d","attributes":{"email":"u%04d@example.com"}}`, i, i))
	}
	reversed := slices.Clone(lics)
	slices.Reverse(reversed)
	dir := t.TempDir()
	write := func(name string, lics []string, domain string) string {
		path := filepath.Join(dir, name)
		text := `{"data":[` + strings.Join(lics, ",\n") + "],\n" + `"included":[` + strings.ReplaceAll(strings.Join(owners, ",\n"), "example.com", domain) + "]}"
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	first, second := write("a.json", lics, "example.com"), write("b.json", reversed, "example.org")
	for _, path := range []string{first, second} {
		doc := readDoc(t, path, true)
		if err := doc.Expand(); err != nil {
			t.Fatal(err)
		}
		want := "example.com"
		if path == second {
			want = "example.org"
		}
		err := doc.EachResource(path, "licenses", func(res *Resource, look *Lookup, line int) error {
			typ, id, _, _ := res.Related("owner")
			u, ok := look.Get(typ, id)
			if email, _ := u.Attr("email"); !ok || !strings.HasSuffix(email, want) {
				t.Fatalf("%s line %d: owner %s has email %q, want one @%s", filepath.Base(path), line, id, email, want)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
