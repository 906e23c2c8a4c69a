package local

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/licentric/licentric-sync/license"
)

// TestVersionOneStoreGainsEntitlements: a store written by the first
// layout (schema 1) opens as schema 2, its licenses kept and having
// their policy's entitlements, and takes entitlement lists.
func TestVersionOneStoreGainsEntitlements(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{schema, `PRAGMA user_version = 1`,
		`INSERT INTO products (id, code, name, created_at, updated_at) VALUES ('p1','app','App','2026-01-01T00:00:00.000Z','2026-01-01T00:00:00.000Z')`,
		`INSERT INTO policies (id, product_id, name, config_id, created_at, updated_at) VALUES ('q1','p1','Pro','pro','2026-01-01T00:00:00.000Z','2026-01-01T00:00:00.000Z')`,
		`INSERT INTO licenses (key, status, product_id, policy_id, created_at, updated_at, owner_source) VALUES ('K-1','active','p1','q1','2026-01-01T00:00:00.000Z','2026-01-01T00:00:00.000Z','kg')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s, err := Open(path, "v1.db")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var v int
	if err := s.db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil || v != SchemaVersion {
		t.Fatalf("user_version %d (%v), want %d", v, err, SchemaVersion)
	}
	if err := setLicenseEntitlements(t.Context(), s.db, "K-1", []string{"export", "sso"}, "2026-01-02T00:00:00.000Z"); err != nil {
		t.Fatal(err)
	}
	cur, err := s.Current(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	snap, err := cur.Collect()
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Licenses) != 1 || !license.SameEntitlements(snap.Licenses[0].Entitlements, []string{"export", "sso"}) || snap.Policies[0].Entitlements != nil {
		t.Fatalf("after the upgrade: %+v, policies %+v", snap.Licenses, snap.Policies)
	}
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM entitlements WHERE deleted_at IS NULL`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("entitlement documents: %d (%v), want 2", n, err)
	}
}
