package local_test

import (
	"path/filepath"
	"strings"
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
