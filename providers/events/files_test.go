package events

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFilesOfAFolder: a folder's events are its regular .json files,
// listed, not matched by a glob built from names, so names holding glob
// characters (and a folder whose own name holds them) are read as
// written; folders and other files are passed over. A glob the user
// wrote still matches as a glob.
func TestFilesOfAFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ev[1]*?")
	names := []string{"a*.json", "b?.json", "[c].json", "plain.json", "notes.txt"}
	want := []string{"[c].json", "a*.json", "b?.json", "plain.json"}
	if runtime.GOOS != "windows" { // a separator there, a name's character here
		names, want = append(names, `d\e.json`), append(want, `d\e.json`)
		slices.Sort(want)
	}
	if err := os.MkdirAll(filepath.Join(dir, "sub.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in := func(names ...string) []string {
		var out []string
		for _, n := range names {
			out = append(out, filepath.Join(dir, n))
		}
		return out
	}
	cases := map[string]struct {
		pattern string
		want    []string
	}{
		"the folder":           {dir, in(want...)},
		"a glob in its parent": {filepath.Join(filepath.Dir(dir), "ev*", "p*.json"), in("plain.json")},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := Files(c.pattern)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("files (-want +got):\n%s", diff)
			}
		})
	}
}
