package tabular

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/readertest"
	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
)

// sha256File is the digest as the engine took it before sources gave
// theirs: the file hashed whole on its own.
func sha256File(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func writeFiles(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// bigCSV is a CSV of n licenses, larger than the reader's 1 MiB buffer
// once n passes about 20,000.
func bigCSV(n int) string {
	var b strings.Builder
	b.WriteString("key,status,note\n")
	for i := range n {
		fmt.Fprintf(&b, "K-%06d,active,%s\n", i, strings.Repeat("n", 40))
	}
	return b.String()
}

var csvSpec = Spec{Aliases: map[providers.Field][]string{providers.FKey: {"key"}}}

// TestFileDigestIsTheFilesSHA256: a source's digest of each file it read
// is the SHA-256 of the whole file as on disk, whichever way the file was
// read (CSV in one pass, decoded from UTF-16 or Windows-1252, a JSON:API
// dump streamed in two passes and in chunks on several cores, the same
// read whole from UTF-16, a UTF-8 BOM, a glob of several files), and it
// came from that read: no byte was read again for it (rest is 0).
func TestFileDigestIsTheFilesSHA256(t *testing.T) {
	defer func(old int) { jsonindex.ChunkItems = old }(jsonindex.ChunkItems)
	jsonindex.ChunkItems = 3
	dump := fuzzDump([]byte{0, 16, 32, 8, 72, 1, 2, 3, 4, 5, 6, 9, 10})
	big, err := os.ReadFile(readertest.LicenseDump(t, 6000, 300)) // past the 1 MiB read buffer: read at offsets
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		files map[string][]byte
		glob  string
		spec  Spec
	}{
		{"csv", map[string][]byte{"a.csv": []byte(bigCSV(30000))}, "*.csv", csvSpec},
		{"csv in utf-16", map[string][]byte{"a.csv": readertest.UTF16(bigCSV(100))}, "*.csv", csvSpec},
		{"csv in windows-1252", map[string][]byte{"a.csv": []byte("key,name\nK-1,M\xfcller\n")}, "*.csv", csvSpec},
		{"json:api in chunks", map[string][]byte{"d.json": []byte(dump)}, "*.json", Spec{JSON: joinOwners}},
		{"json:api past the buffer", map[string][]byte{"d.json": big}, "*.json", Spec{JSON: joinOwners}},
		{"json:api in utf-16", map[string][]byte{"d.json": readertest.UTF16(dump)}, "*.json", Spec{JSON: joinOwners}},
		{"json:api with a bom", map[string][]byte{"d.json": []byte("\ufeff" + dump)}, "*.json", Spec{JSON: joinOwners}},
		{"flat json", map[string][]byte{"d.json": []byte(`[{"key":"K-1"},{"key":"K-2"}]` + "\n")}, "*.json",
			Spec{Aliases: map[providers.Field][]string{providers.FKey: {"key"}}}},
		{"glob of pages", map[string][]byte{"page-1.json": []byte(dump), "page-2.json": []byte(fuzzDump([]byte{7, 0, 1})),
			"page-3.json": readertest.UTF16(fuzzDump([]byte{3}))}, "page-*.json", Spec{JSON: joinOwners}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, tc.files)
			s := NewSource(config.Source{Name: "s", Glob: filepath.Join(dir, tc.glob)}, dir, tc.spec)
			if got := readertest.Collect(s, "x"); len(got.Lines) == 0 {
				t.Fatalf("read nothing: %+v", got)
			}
			files, err := Glob(filepath.Join(dir, tc.glob))
			if err != nil || len(files) != len(tc.files) {
				t.Fatalf("glob: %v %v", files, err)
			}
			for _, f := range files {
				sum, ok, err := s.FileDigest(f)
				if err != nil || !ok || sum != sha256File(t, f) {
					t.Errorf("%s: digest %q, %v, %v; want %s", filepath.Base(f), sum, ok, err, sha256File(t, f))
				}
				if rest := s.digests[f].rest; rest != 0 {
					t.Errorf("%s: the digest read %d bytes again that the source's read had read", filepath.Base(f), rest)
				}
			}
		})
	}
}

// TestFileDigestOfAReadCutShort: when the source's read stops before the
// end of a file (the consumer wants no more, the JSON is broken half
// way), the digest is still of the whole file: the bytes the read did
// not take are read for it. A JSON file's first pass reads it whole
// before its first record, so a consumer that stops then leaves none.
func TestFileDigestOfAReadCutShort(t *testing.T) {
	dump, err := os.ReadFile(readertest.LicenseDump(t, 20000, 300))
	if err != nil {
		t.Fatal(err)
	}
	cut := len(dump) / 4
	cut += strings.Index(string(dump[cut:]), `"key"`) // inside a license, well before the end
	broken := append(append([]byte{}, dump[:cut]...), append([]byte(`"key" ]]] `), dump[cut:]...)...)
	for _, tc := range []struct {
		name, file string
		body       []byte
		spec       Spec
		take       int  // records before the consumer stops; 0 reads on
		rest       bool // whether the digest must read bytes the source did not
	}{
		{"csv, consumer stops", "a.csv", []byte(bigCSV(100000)), csvSpec, 1, true},
		{"json:api, consumer stops", "d.json", dump, Spec{JSON: joinOwners}, 1, false},
		{"broken json:api", "d.json", broken, Spec{JSON: joinOwners}, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, map[string][]byte{tc.file: tc.body})
			path := filepath.Join(dir, tc.file)
			s := NewSource(config.Source{Name: "s", Glob: path}, dir, tc.spec)
			n, failed := 0, false
			for _, err := range s.Records(context.Background()) {
				failed = failed || err != nil
				if n++; n == tc.take {
					break
				}
			}
			if tc.take == 0 && !failed {
				t.Fatal("the broken file read without an error")
			}
			sum, ok, err := s.FileDigest(path)
			if err != nil || !ok || sum != sha256File(t, path) {
				t.Fatalf("digest %q, %v, %v; want %s", sum, ok, err, sha256File(t, path))
			}
			if rest := s.digests[path].rest; (rest > 0) != tc.rest {
				t.Fatalf("the digest read %d bytes the source's read did not; want more than 0: %v", rest, tc.rest)
			}
		})
	}
}

// TestFileDigestReadsInAnyOrder: reads that jump ahead, overlap, go back
// or run at once on several goroutines still hash each byte once, in
// order, and Sum hashes what no read covered.
func TestFileDigestReadsInAnyOrder(t *testing.T) {
	body := make([]byte, 200_000)
	for i := range body {
		body[i] = byte(i*7 + i>>9)
	}
	path := filepath.Join(writeFiles(t, map[string][]byte{"f": body}), "f")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := newFileDigest(f, path)
	read := func(off, n int) {
		if _, err := d.ReadAt(make([]byte, n), int64(off)); err != nil {
			t.Error(err)
		}
	}
	read(50_000, 10_000) // past the frontier: not taken
	seq := make([]byte, 1000)
	if _, err := d.Read(seq); err != nil { // sequential, from 0
		t.Fatal(err)
	}
	read(500, 3000) // overlaps
	read(100, 200)  // behind
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for off := 3000 + g*4000; off < 150_000; off += 16_000 {
				read(off, 4000)
			}
		}()
	}
	wg.Wait()
	sum, err := d.Sum()
	if err != nil || sum != sha256File(t, path) {
		t.Fatalf("digest %q, %v; want %s", sum, err, sha256File(t, path))
	}
	if d.rest < 50_000 || d.rest > int64(len(body)-3500) {
		t.Fatalf("Sum read %d bytes itself; the reads covered at least 3,500 and at most 150,000", d.rest)
	}
}

// TestFileChangedBetweenPassesRefused: a dump that changes after its
// first pass (which took its digest) is refused when a chunk is read
// back, so a plan never pairs a digest with records of other bytes.
func TestFileChangedBetweenPassesRefused(t *testing.T) {
	defer func(old int) { jsonindex.ChunkItems = old }(jsonindex.ChunkItems)
	jsonindex.ChunkItems = 10 // 200 chunks: far more than are read ahead of the first record
	path := readertest.LicenseDump(t, 2000, 50)
	s := NewSource(config.Source{Name: "s", Glob: path}, filepath.Dir(path), Spec{JSON: joinOwners})
	var refused error
	n := 0
	for _, err := range s.Records(context.Background()) {
		if err != nil {
			refused = err
			break
		}
		if n++; n == 1 {
			f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.WriteString("\n")
			if f.Close() != nil || err != nil {
				t.Fatal("append", err)
			}
		}
	}
	if refused == nil || !strings.Contains(refused.Error(), "the file changed while it was read") {
		t.Fatalf("read %d licenses of a file changed under it; error %v", n, refused)
	}
}
