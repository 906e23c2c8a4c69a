package gitignore

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestEnsure: a new .gitignore gets every line; an existing one keeps its
// text and gains only what it lacks; a second run changes nothing.
func TestEnsure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := os.WriteFile(path, []byte("node_modules/\n  *.plan  \n/bin"), 0o644); err != nil {
		t.Fatal(err)
	}
	added, err := Ensure(dir)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{".licentric/", "import.csv", "snapshots/"}, added); diff != "" {
		t.Errorf("added (-want +got):\n%s", diff)
	}
	got, _ := os.ReadFile(path)
	want := "node_modules/\n  *.plan  \n/bin\n" + header + "\n.licentric/\nimport.csv\nsnapshots/\n"
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf(".gitignore (-want +got):\n%s", diff)
	}
	if added, err := Ensure(dir); err != nil || added != nil {
		t.Errorf("second run added %q (%v), want nothing", added, err)
	}
	again, _ := os.ReadFile(path)
	if !bytes.Equal(got, again) {
		t.Errorf("second run changed the file:\n%s", again)
	}

	fresh := t.TempDir()
	if _, err := Ensure(fresh); err != nil {
		t.Fatal(err)
	}
	text, _ := os.ReadFile(filepath.Join(fresh, FileName))
	if want := header + "\n" + strings.Join(Lines, "\n") + "\n"; string(text) != want {
		t.Errorf("new .gitignore:\n%s\nwant:\n%s", text, want)
	}
}

// TestExposed asks the real git: outside a work tree nothing is exposed;
// inside, what init's lines cover is not, and anything else is.
func TestExposed(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git binary: Exposed is silent by design")
	}
	dir := t.TempDir()
	touch := func(rel string) string {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	store := touch(".licentric/state.db")
	if Exposed(store) {
		t.Fatal("a folder outside any work tree reads as exposed")
	}
	if out, err := exec.Command("git", "init", "-q", dir).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v %s", err, out)
	}
	if !Exposed(store) {
		t.Fatal("the store in a work tree without .gitignore is not exposed")
	}
	if _, err := Ensure(dir); err != nil {
		t.Fatal(err)
	}
	cases := map[string]bool{
		".licentric/state.db": false, ".licentric/state.db.lock": false, "saved.plan": false, "sub/first.plan": false,
		"import.csv": false, "snapshots/keygen/licenses-000001.json": false, "exports/licenses.csv": true, "backup/keygen/a.json": true,
	}
	for rel, want := range cases {
		if got := Exposed(touch(rel)); got != want {
			t.Errorf("%s: exposed %v, want %v", rel, got, want)
		}
	}
	var w bytes.Buffer
	Warn(&w, filepath.Join(dir, "exports/licenses.csv"), "exports/licenses.csv", "an export")
	Warn(&w, store, ".licentric/state.db", "the local store")
	if want := "WARNING: exports/licenses.csv (an export, with license keys and emails) is in a Git work tree and not ignored: add it to .gitignore (init writes one), or write it outside the repository\n"; w.String() != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", w.String(), want)
	}
}
