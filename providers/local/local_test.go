package local_test

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/providers/targettest"
)

func open(t *testing.T) providers.Target {
	t.Helper()
	s, err := local.Open(filepath.Join(t.TempDir(), "state.db"), "state.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) { targettest.Run(t, open) }

func TestSecondLockFailsAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	a, err := local.Open(path, "state.db")
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := local.Open(path, "state.db")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := a.Lock(t.Context(), "first apply"); err != nil {
		t.Fatal(err)
	}
	err = b.Lock(t.Context(), "second apply")
	if err == nil || !strings.Contains(err.Error(), "busy") || !strings.Contains(err.Error(), "first apply") {
		t.Fatalf("second lock: %v; want a busy error naming the holder", err)
	}
}

// TestSchemaVersion checks that a new store records its layout version,
// that a store from before versioning is adopted (same layout) and keeps
// its licenses, and that a store from a newer build is refused by name.
func TestSchemaVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := local.Open(path, "state.db")
	if err != nil {
		t.Fatal(err)
	}
	targettest.Converge(t, s, targettest.Desired(targettest.Licenses()), false)
	s.Close()
	db, err := sql.Open("sqlite", path) // beside the store, as another build would
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	version := func(v int) {
		t.Helper()
		if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", v)); err != nil {
			t.Fatal(err)
		}
	}
	var got int
	if err := db.QueryRow("PRAGMA user_version").Scan(&got); err != nil || got != local.SchemaVersion {
		t.Fatalf("a new store has user_version %d (%v), want %d", got, err, local.SchemaVersion)
	}
	version(0) // as the first release wrote it
	s, err = local.Open(path, "state.db")
	if err != nil {
		t.Fatalf("a store from before versioning: %v", err)
	}
	if n := len(targettest.Read(t, s).Licenses); n != len(targettest.Licenses()) {
		t.Fatalf("after adopting an unversioned store: %d licenses", n)
	}
	s.Close()
	version(local.SchemaVersion + 1)
	_, err = local.Open(path, "state.db")
	if err == nil || !strings.Contains(err.Error(), "newer licentric-sync") || !strings.Contains(err.Error(), "state.db") {
		t.Fatalf("a store from a newer build: %v; want a refusal naming it", err)
	}
}

// TestStoreIsPrivate: a new store's folder is 0700 and its files 0600,
// the WAL included while it is open; a store others can read is named.
func TestStoreIsPrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "nested", "state.db")
	s, err := local.Open(path, "state.db")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	targettest.Converge(t, s, targettest.Desired(targettest.Licenses()), false)
	for p, want := range map[string]os.FileMode{filepath.Dir(path): 0o700, path: 0o600, path + "-wal": 0o600} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != want {
			t.Errorf("%s: mode %#o, want %#o", filepath.Base(p), got, want)
		}
	}
	if e := local.Exposed(path); len(e) != 0 {
		t.Fatalf("a private store is reported exposed: %v", e)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if e := local.Exposed(path); len(e) != 1 || !strings.Contains(e[0], "state.db (0644)") {
		t.Fatalf("Exposed = %v, want the database named with its mode", e)
	}
}

// TestOddPathOpensThatFile: a path holding '#', '?' or '%' (a fuzz
// seed's t.TempDir has '#') opens exactly that file, not the part of the
// path before the character, which a file: URI would read as its end.
func TestOddPathOpensThatFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a#b?c%41.db")
	s, err := local.Open(path, "odd.db")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	if _, err := os.Stat(path); err != nil || len(names) != 1 {
		t.Fatalf("the store went elsewhere: %v, the folder holds %v", err, names)
	}
}
