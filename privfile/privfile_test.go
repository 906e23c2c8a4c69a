package privfile_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/privfile"
)

// TestWriteEndsPrivate: a file written over an existing 0666 one ends
// 0600 with the new content.
func TestWriteEndsPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.csv")
	if err := os.WriteFile(path, []byte("old"), 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o666); err != nil { // past the umask
		t.Fatal(err)
	}
	if err := privfile.Write(path, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	got, _ := os.ReadFile(path)
	if st.Mode().Perm() != 0o600 || string(got) != "new" {
		t.Fatalf("mode %#o content %q, want 0600 \"new\"", st.Mode().Perm(), got)
	}
}

// TestFailedWriteLeavesNoPartial: a write that fails half-way (a full
// disk) leaves the old file untouched and no temporary file behind.
func TestFailedWriteLeavesNoPartial(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.lsp")
	full := errors.New("no space left on device")
	for _, existed := range []bool{false, true} {
		if existed {
			if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		err := privfile.Write(path, func(w io.Writer) error { _, _ = io.WriteString(w, "KEY-1,half"); return full })
		if !errors.Is(err, full) {
			t.Fatalf("want the write's error, got %v", err)
		}
		entries, _ := os.ReadDir(dir)
		switch got, _ := os.ReadFile(path); {
		case existed && (len(entries) != 1 || string(got) != "old"):
			t.Fatalf("the old file was changed or a partial left: %v %q", entries, got)
		case !existed && len(entries) != 0:
			t.Fatalf("a partial file was left: %v", entries)
		}
	}
}

// TestRestrict narrows an existing 0644 file and skips missing ones.
func TestRestrict(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := privfile.Restrict(path, path+"-wal"); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %#o", st.Mode().Perm())
	}
}

// TestWriteThroughLink: a path that is a symbolic link keeps the link
// and replaces the file it names (0600, whole), beside that file; a link
// to nothing is refused and creates nothing.
func TestWriteThroughLink(t *testing.T) {
	dir, keep := t.TempDir(), t.TempDir()
	target := filepath.Join(keep, "plan.lsp")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "plan.lsp")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	write := func(path string) error {
		return privfile.Write(path, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err })
	}
	if err := write(link); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced by a file: %v %v", st.Mode(), err)
	}
	st, _ := os.Stat(target)
	if got, _ := os.ReadFile(target); string(got) != "new" || st.Mode().Perm() != 0o600 {
		t.Fatalf("target: mode %#o content %q, want 0600 \"new\"", st.Mode().Perm(), got)
	}
	if entries, _ := os.ReadDir(keep); len(entries) != 1 {
		t.Fatalf("temporary files left beside the target: %v", entries)
	}
	dangling := filepath.Join(dir, "gone.csv")
	if err := os.Symlink(filepath.Join(keep, "nowhere", "gone.csv"), dangling); err != nil {
		t.Fatal(err)
	}
	if err := write(dangling); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("a link to nothing was written through: %v", err)
	}
	if _, err := os.Stat(filepath.Join(keep, "nowhere")); err == nil {
		t.Fatal("a write through a link to nothing created its folder")
	}
}

// TestRefusesAPlantedLink: a link another user planted in a sticky
// folder anyone may write to (/tmp) is not written through, as the
// kernel would not follow it: the file it names is left as it was. It
// needs root to give the link another owner.
func TestRefusesAPlantedLink(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a link another owner needs root; TestMayFollow covers the rule")
	}
	shared, mine := t.TempDir(), t.TempDir()
	if err := os.Chmod(shared, os.ModeSticky|0o777); err != nil {
		t.Fatal(err)
	}
	victim := filepath.Join(mine, "authorized_keys")
	if err := os.WriteFile(victim, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(shared, "out.plan")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	if err := os.Lchown(link, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	err := privfile.Write(link, func(w io.Writer) error { _, err := io.WriteString(w, "plan"); return err })
	if err == nil || !strings.Contains(err.Error(), "owned by another user") {
		t.Fatalf("a planted link was written through: %v", err)
	}
	if got, _ := os.ReadFile(victim); string(got) != "mine" {
		t.Fatalf("the file the link names was replaced: %q", got)
	}
}
