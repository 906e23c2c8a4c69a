package privfile_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
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
