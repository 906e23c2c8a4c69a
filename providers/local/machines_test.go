package local_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/providers/targettest"
)

// TestActivateMachine: activation as POST /machines answers it, on a
// store written at schema 2 (before machines), which gains the table
// when opened: fingerprints of 8-256 characters, once per license, up to
// the license's machine limit; an unknown key is not found.
func TestActivateMachine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := local.Open(path, "state.db")
	if err != nil {
		t.Fatal(err)
	}
	d := targettest.Desired(targettest.Licenses())
	targettest.Converge(t, s, d, false)
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("DROP TABLE machines; PRAGMA user_version = 2"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if s, err = local.Open(path, "state.db"); err != nil {
		t.Fatalf("a schema 2 store: %v", err)
	}
	defer s.Close()
	ctx := context.Background()
	l := d.Licenses[0]
	limit := policyLimit(d.Policies, l)
	if limit < 1 {
		t.Fatalf("the first test license allows %d machines; the test needs one or more", limit)
	}
	for _, tc := range []struct {
		fp      string
		created bool
		err     error
	}{
		{"short", false, local.ErrFingerprint},
		{strings.Repeat("x", 257), false, local.ErrFingerprint},
		{"fingerprint-0", true, nil},
		{"fingerprint-0", false, nil}, // active already
	} {
		_, created, err := s.ActivateMachine(ctx, l.Key, local.Machine{Fingerprint: tc.fp})
		if created != tc.created || !errors.Is(err, tc.err) {
			t.Errorf("activate %d characters: created %v, %v; want %v, %v", len(tc.fp), created, err, tc.created, tc.err)
		}
	}
	for i := 1; i < limit; i++ {
		if _, _, err := s.ActivateMachine(ctx, l.Key, local.Machine{Fingerprint: "fingerprint-" + strings.Repeat("1", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := s.ActivateMachine(ctx, l.Key, local.Machine{Fingerprint: "fingerprint-over"}); !errors.Is(err, local.ErrMachineLimit) {
		t.Errorf("past the limit of %d: %v, want ErrMachineLimit", limit, err)
	}
	if _, _, err := s.ActivateMachine(ctx, "NO-SUCH-KEY", local.Machine{Fingerprint: "fingerprint-0"}); !errors.Is(err, local.ErrNotFound) {
		t.Errorf("unknown key: %v, want ErrNotFound", err)
	}
	if got, err := s.Machines(ctx, l.Key); err != nil || len(got) != limit || !got["fingerprint-0"] {
		t.Errorf("machines of the license: %v, %v; want %d", got, err, limit)
	}
}

// policyLimit is a desired license's machine limit.
func policyLimit(ps []license.Policy, l license.License) int {
	if l.MaxMachinesOverride != nil {
		return *l.MaxMachinesOverride
	}
	for _, p := range ps {
		if p.ID == l.Policy {
			return p.MaxMachines
		}
	}
	return license.Unlimited
}
