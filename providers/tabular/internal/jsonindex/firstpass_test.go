package jsonindex

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCancelStopsTheFirstPass: the first pass over a streamed file
// (which walks it whole before any record) stops at a cancelled context.
func TestCancelStopsTheFirstPass(t *testing.T) {
	path := dumpOf(t, 4*checkEvery, 0)
	in, done, err := openInput(path, "dump.json", true)
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	in.Ctx = ctx
	if _, err := Read(in); !errors.Is(err, context.Canceled) {
		t.Errorf("Read with a cancelled context: %v, want it stopped", err)
	}
}

// TestItemsReservedFromHint: a streamed file's item list is reserved
// from tabular's hint (SizeHint) for that file, but never past one item per
// minReservedItem bytes, whatever the count says.
func TestItemsReservedFromHint(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dump.json")
	var rows []string
	for i := 0; i < 500; i++ {
		rows = append(rows, `{"id":"l","key":"K-0000000000000000000000000000000000000000000000000000","name":"`+strings.Repeat("n", 200)+`"}`)
	}
	if err := os.WriteFile(path, []byte(`[`+strings.Join(rows, ",")+`]`), 0o600); err != nil { // plain objects: an item each (a JSON:API list is marked instead)
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	for _, tc := range []struct{ hint, wantCap int }{
		{500, 500},
		{1 << 30, int(st.Size() / minReservedItem)}, // a lying count reserves no more than the file could hold
	} {
		in, done, err := openInput(path, "dump.json", true)
		if err != nil {
			t.Fatal(err)
		}
		in.ItemsHint = tc.hint
		doc, err := Read(in)
		done()
		if err != nil {
			t.Fatal(err)
		}
		if len(doc.Items) != 500 || cap(doc.Items) != tc.wantCap {
			t.Errorf("hint %d: %d items in a list of %d, want 500 in %d", tc.hint, len(doc.Items), cap(doc.Items), tc.wantCap)
		}
	}
}

// failingReader fails every read, as a disk does.
type failingReader struct{}

var errDisk = errors.New("input/output error")

func (failingReader) ReadAt([]byte, int64) (int, error) { return 0, errDisk }

// TestLookupReadErrorIsAnError: an included resource the file cannot
// give back (an I/O error) is an error of the lookup, not a resource
// the document does not hold.
func TestLookupReadErrorIsAnError(t *testing.T) {
	inc := newIncludes()
	inc.src = failingReader{}
	inc.perType["users"] = manyOfType + 1
	inc.spans.add(includeKey([]byte("users"), []byte("u")), span{off: 0, n: 30})
	look := inc.newLookup()
	if _, ok := look.Get("users", "u"); ok {
		t.Fatal("found a resource the file could not give")
	}
	if !errors.Is(look.Err(), errDisk) {
		t.Errorf("lookup error %v, want the read's", look.Err())
	}
}

// FuzzTopMembers: the pager's cheap look at a page never hangs or
// panics on any input, and on valid JSON objects agrees with a decode.
func FuzzTopMembers(f *testing.F) {
	for _, s := range []string{`{"data":[],"links":{"next":null}}`, `{"a":1,"b":[1,2,{"c":"}"}]}`, `[1,2,3]`, `{"a":}`, `{:}`, `{"a"`, `}`, `{"a":1}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got := TopMembers(data)
		n := CountItems(data)
		if !json.Valid(data) {
			return
		}
		var obj map[string]json.RawMessage
		if json.Unmarshal(data, &obj) == nil {
			if len(got) != len(obj) {
				t.Fatalf("TopMembers found %d members, a decode %d", len(got), len(obj))
			}
			for k, v := range obj {
				if !bytes.Equal(bytes.TrimSpace(got[k]), bytes.TrimSpace(v)) {
					t.Fatalf("member %q: %s, a decode %s", k, got[k], v)
				}
			}
		}
		var arr []json.RawMessage
		if json.Unmarshal(data, &arr) == nil && n != len(arr) {
			t.Fatalf("CountItems %d, a decode %d", n, len(arr))
		}
	})
}

// FuzzPlainString holds the string fast path equal to decoding.
func FuzzPlainString(f *testing.F) {
	for _, s := range []string{`"abc"`, `"a\"b"`, `"\u00e9"`, "\"\xff\"", `"é"`, `""`, `"a`, " \"x\" ", "\"\x01\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		got, ok := plainString(v)
		if !ok {
			return
		}
		var want string
		if err := json.Unmarshal(v, &want); err != nil {
			t.Fatalf("fast path accepted %q, which does not decode: %v", v, err)
		}
		if got != want {
			t.Fatalf("fast path %q, decode %q", got, want)
		}
	})
}
