package jsonindex

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestIncludesLaterCopyWins holds a resource indexed twice, and another
// resource forced onto its hash (a collision), to what a document read
// whole gives: the later copy, never the other resource.
func TestIncludesLaterCopyWins(t *testing.T) {
	res := []string{
		`{"type":"users","id":"u","attributes":{"email":"old@x.io"}}`,
		`{"type":"users","id":"u","attributes":{"email":"new@x.io"}}`,
		`{"type":"users","id":"v","attributes":{"email":"v@x.io"}}`,
	}
	inc := newIncludes()
	inc.src = strings.NewReader(strings.Join(res, ""))
	off := int64(0)
	for _, r := range res {
		inc.perType["users"]++
		inc.spans.add(includeKey([]byte("users"), []byte("u")), span{off: off, n: int64(len(r))})
		off += int64(len(r))
	}
	r, ok := inc.newLookup().Get("users", "u")
	if got, _ := r.Attr("email"); !ok || got != "new@x.io" {
		t.Errorf("users/u: found %v, email %q; want the later copy, new@x.io", ok, got)
	}
	if _, ok := inc.newLookup().Get("users", "w"); ok {
		t.Errorf("users/w found, but no such resource was indexed")
	}
	var got []string
	for _, raw := range mustOfType(t, inc, "users") {
		got = append(got, string(raw))
	}
	if diff := cmp.Diff(res[1:], got); diff != "" {
		t.Errorf("ofType(users) (-want +got):\n%s", diff)
	}
}

// TestKeptResourceCellsMadeOnce holds a resource many licenses share (a
// policy) to making its cells once: asking again allocates nothing.
func TestKeptResourceCellsMadeOnce(t *testing.T) {
	inc := newIncludes()
	raw := `{"type":"policies","id":"p","attributes":{"name":"CLI Monthly"}}`
	if err := inc.index([]byte(raw), span{}); err != nil {
		t.Fatal(err)
	}
	l := inc.newLookup()
	name := func() string {
		r, ok := l.Get("policies", "p")
		if !ok {
			t.Fatal("policies/p not found")
		}
		s, _ := r.Attr("name")
		return s
	}
	if got := name(); got != "CLI Monthly" {
		t.Fatalf("name %q", got)
	}
	if n := testing.AllocsPerRun(100, func() { _ = name() }); n != 0 {
		t.Errorf("a kept resource's name costs %v allocations a license, want 0", n)
	}
}

// mustOfType is inc.ofType, which must read every resource back.
func mustOfType(t *testing.T, inc *includes, typ string) []json.RawMessage {
	t.Helper()
	out, err := inc.ofType(typ)
	if err != nil {
		t.Fatal(err)
	}
	return out
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
