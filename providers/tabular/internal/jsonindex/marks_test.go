package jsonindex

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/licentric/licentric-sync/providers/readertest"
)

// dumpOf writes a JSON:API list of n licenses, each spread over several
// lines, with an attribute of pad bytes.
func dumpOf(t *testing.T, n, pad int) string { return readertest.LicenseDump(t, n, pad) }

func readDoc(t *testing.T, path string, stream bool) *Doc {
	t.Helper()
	in, done, err := openInput(path, "dump.json", stream)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(done)
	doc, err := Read(in)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// itemsOf lists a document's items as line and JSON.
func itemsOf(t *testing.T, doc *Doc) []string {
	var out []string
	for _, it := range doc.Items {
		raw, err := doc.Load(it)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%d %s", it.Line, raw))
	}
	return out
}

// TestLargeListIsMarked holds a long streamed JSON:API list to a mark
// per chunk instead of an item per license, with chunks bounded by
// count and by bytes, and its chunks, scanned, to the items of reading
// the file whole.
func TestLargeListIsMarked(t *testing.T) {
	for _, tc := range []struct {
		name       string
		n, pad     int
		wantChunks int
		// chunk and maxBytes, when set, stand in for ChunkItems and
		// maxChunkBytes (a license is at most MaxValueBytes, so chunks
		// by bytes are tried on a smaller bound than the real 8 MiB)
		chunk    int
		maxBytes int64
	}{
		{"by count", 2*ChunkItems + 5, 0, 3, 0, 0},
		{"by bytes", 9, 100 << 10, 5, 4, 250 << 10}, // two fit in a chunk, the third starts another
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.chunk > 0 {
				defer func(items int, bytes int64) { ChunkItems, maxChunkBytes = items, bytes }(ChunkItems, maxChunkBytes)
				ChunkItems, maxChunkBytes = tc.chunk, tc.maxBytes
			}
			path := dumpOf(t, tc.n, tc.pad)
			doc := readDoc(t, path, true)
			if !doc.marked || len(doc.Items) != 0 || len(doc.marks) != tc.wantChunks || doc.count != tc.n {
				t.Fatalf("marked %v, %d items, %d marks of %d licenses; want %d marks of %d and no items",
					doc.marked, len(doc.Items), len(doc.marks), doc.count, tc.wantChunks, tc.n)
			}
			var chunked []string
			for c := range doc.marks {
				sub := doc.Chunk(c)
				if err := sub.LoadChunk(); err != nil {
					t.Fatal(err)
				}
				chunked = append(chunked, itemsOf(t, sub)...)
				sub.Release()
			}
			whole := itemsOf(t, readDoc(t, path, false))
			if diff := cmp.Diff(whole, chunked); diff != "" {
				t.Errorf("chunks scanned differ from reading whole (-whole +chunks):\n%s", diff)
			}
		})
	}
}

// TestShortListIsExpanded: a list too short to split reads as items.
func TestShortListIsExpanded(t *testing.T) {
	doc := readDoc(t, dumpOf(t, 3, 0), true)
	if doc.marked || len(doc.Items) != 3 {
		t.Errorf("marked %v with %d items; want 3 items", doc.marked, len(doc.Items))
	}
}

// TestChangedFileRefused: a chunk whose bytes moved after the first pass
// is an error, never a misread license.
func TestChangedFileRefused(t *testing.T) {
	path := dumpOf(t, 2*ChunkItems+5, 0)
	doc := readDoc(t, path, true)
	data, _ := os.ReadFile(path)
	if err := os.WriteFile(path, bytes.Replace(data, []byte(`"id": "1"`), []byte(`"id": "1000"`), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	sub := doc.Chunk(0)
	defer sub.Release()
	if err := sub.LoadChunk(); err == nil || !strings.Contains(err.Error(), "the file changed while it was read") {
		t.Errorf("load after the file changed: %v; want an error saying so", err)
	}
}

// TestStreamedErrorLines: an invalid value in a streamed file is located
// on its own line, wherever it is (the decoder's offsets count only what
// it scanned, so a value is decoded again alone to find its line).
func TestStreamedErrorLines(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"[\n{\"key\":\"A\"},\n{\"key\":\"B\"},\n\n{\"key\": C}\n]", "x.json:5:9: invalid JSON: invalid character 'C' looking for beginning of value"},
		{"{\"data\": [\n{\"type\":\"licenses\",\"id\":\"1\"}\n],\n\"meta\": {\n\"a\": x}}", "x.json:5:6: invalid JSON: invalid character 'x' looking for beginning of value"},
		{"[\n1,\n2\nx]", "x.json:4:1: invalid JSON: expected comma after array element"},
	} {
		path := filepath.Join(t.TempDir(), "x.json")
		if err := os.WriteFile(path, []byte(tc.text), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, fast := range []bool{true, false} {
			walkListsFast = fast
			_, got := readDocText(path)
			walkListsFast = true
			if got != tc.want {
				t.Errorf("fast %v, %q:\n got %s\nwant %s", fast, tc.text, got, tc.want)
			}
		}
		if whole := errorOf(t, path, false); errorPlace(whole) != errorPlace(tc.want) {
			t.Errorf("%q read whole: %s, want the same place as streamed: %s", tc.text, whole, tc.want)
		}
	}
}

// errorOf is the error of reading path (streamed or whole), "" for none.
func errorOf(t *testing.T, path string, stream bool) string {
	t.Helper()
	in, done, err := openInput(path, "x.json", stream)
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	if _, err := Read(in); err != nil {
		return err.Error()
	}
	return ""
}

// errorPlace is an error's file:line:column, up to "invalid JSON" (the
// wording after it may differ: a decoder's token says "expected comma",
// a whole value's scan "after array element").
func errorPlace(msg string) string {
	place, _, _ := strings.Cut(msg, " invalid JSON")
	return place
}
