package local_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/providers/targettest"
)

// FuzzStoreRoundTrip: any text the store accepts comes back exactly, and
// text it refuses (a NUL byte) is refused without making the store
// unreadable to every later plan, list and verify.
func FuzzStoreRoundTrip(f *testing.F) {
	for _, s := range []string{"plain", "tab\there", "line\nbreak", "nul\x00inside", "\x01\x1f\x7f", "Zoë <&>", "\u2028", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		store, err := local.Open(filepath.Join(t.TempDir(), "s.db"), "s.db")
		if err != nil {
			t.Fatal(err)
		}
		defer store.Close()
		ls := targettest.Licenses()[:2]
		ls[0].Name, ls[0].UserName = s, s
		p := targettest.Plan(t, store, targettest.Desired(ls), false)
		err = store.Apply(context.Background(), p.Changes, nil)
		if strings.IndexByte(s, 0) >= 0 {
			if err == nil {
				t.Fatal("a NUL byte was stored")
			}
			targettest.Read(t, store) // still readable
			return
		}
		if err != nil {
			t.Fatalf("apply: %v", err)
		}
		for _, l := range targettest.Read(t, store).Licenses {
			if l.Key == ls[0].Key && (l.Name != s || l.UserName != s) {
				t.Fatalf("stored %q, read back name %q user %q", s, l.Name, l.UserName)
			}
		}
		if again := targettest.Plan(t, store, targettest.Desired(ls), false); !again.Empty() {
			t.Fatalf("re-plan after storing %q: %d changes", s, len(again.Changes))
		}
	})
}
