package jsonindex

import (
	"context"
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
