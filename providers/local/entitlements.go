package local

import (
	"context"
	"database/sql"
	"strings"

	"github.com/google/uuid"
)

// migrateEntitlements brings a version-1 store to version 2: the
// entitlement documents, and the codes attached to each policy and
// license. A policy's list is "" for none; a license's is NULL when it
// has its policy's, "" for none, else the codes joined by commas (a
// Licentric code holds none). A column already there is kept, so a
// store whose version was lost is adopted whatever its layout.
func migrateEntitlements(tx *sql.Tx) error {
	if _, err := tx.Exec(`CREATE TABLE IF NOT EXISTS entitlements (
  id TEXT PRIMARY KEY, code TEXT NOT NULL, name TEXT NOT NULL, metadata TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT);
CREATE UNIQUE INDEX IF NOT EXISTS entitlements_code ON entitlements(code) WHERE deleted_at IS NULL;`); err != nil {
		return err
	}
	for table, def := range map[string]string{"policies": "TEXT NOT NULL DEFAULT ''", "licenses": "TEXT"} {
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM pragma_table_info(?) WHERE name='entitlements'`, table).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			if _, err := tx.Exec(`ALTER TABLE ` + table + ` ADD COLUMN entitlements ` + def); err != nil {
				return err
			}
		}
	}
	return nil
}

// execer is what writing entitlements needs of a transaction or the db.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// ensureEntitlements creates the entitlement documents codes name that
// do not exist yet, named by their code: Licentric attaches only
// entitlements that exist, so they come before what they are attached to.
func ensureEntitlements(ctx context.Context, q execer, codes []string, now string) error {
	for _, c := range codes {
		_, err := q.ExecContext(ctx, `INSERT INTO entitlements (id, code, name, created_at, updated_at)
			SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM entitlements WHERE code=? AND deleted_at IS NULL)`,
			uuid.NewString(), c, c, now, now, c)
		if err != nil {
			return err
		}
	}
	return nil
}

// setLicenseEntitlements writes a license's own list (nil: its policy's).
func setLicenseEntitlements(ctx context.Context, q execer, key string, codes []string, now string) error {
	var v any
	if codes != nil {
		if err := ensureEntitlements(ctx, q, codes, now); err != nil {
			return err
		}
		v = strings.Join(codes, ",")
	}
	_, err := q.ExecContext(ctx, `UPDATE licenses SET entitlements=? WHERE key=? AND deleted_at IS NULL`, v, key)
	return err
}

// splitCodes reads a stored list; "" is none.
func splitCodes(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}
