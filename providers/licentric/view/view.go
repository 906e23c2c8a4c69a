// Package view keeps what a Licentric account holds, read once and then
// kept true by every write this tool makes, so a plan of an unchanged
// account costs no request and an apply reads back only what it wrote.
// A local store needs no view: reading it is free.
//
// The view is one SQLite file (mode 0600, e.g. .licentric/view.db) and a
// secret beside it (view.db.key, 0600, 32 random bytes). License keys are
// never stored in the clear: a license's row is found by
// HMAC-SHA256(secret, key) and its object (key, email, name and every
// field the plan compares) is sealed with AES-256-GCM under a key derived
// from the same secret. A copy of view.db alone (a backup, a CI cache
// without the key file) reveals ids and counts, nothing else. Products and
// policies hold no personal data and are kept as the API answered them.
package view

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/licentric/licentric-sync/privfile"
	"github.com/licentric/licentric-sync/providers/local"
)

// View is an open view file.
type View struct {
	db      *sql.DB
	display string
	secret  []byte
	seal    sealer
}

const schema = `
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS products (seq INTEGER PRIMARY KEY, raw BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS policies (seq INTEGER PRIMARY KEY, raw BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS licenses (digest BLOB PRIMARY KEY, id TEXT NOT NULL, sealed BLOB NOT NULL,
  inflight INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS licenses_inflight ON licenses(inflight) WHERE inflight = 1;
`

// schemaVersion is the layout this build reads and writes (PRAGMA
// user_version); a view of another layout is read again from the account.
const schemaVersion = 1

// Open opens (creating if needed) the view at path and its secret at
// path+".key"; display is how messages name it.
func Open(path, display string) (*View, error) {
	secret, err := loadSecret(path + ".key")
	if err != nil {
		return nil, fmt.Errorf("view %s: secret %s.key: %w", display, display, err)
	}
	db, err := local.OpenDB(path)
	if err != nil {
		return nil, fmt.Errorf("view %s: %w", display, err)
	}
	if err := migrate(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("view %s: %w (delete it and its .key: the next plan reads the account again)", display, err)
	}
	v := &View{db: db, display: display, secret: secret}
	v.seal, err = newSealer(derive(secret, "seal"))
	if err != nil {
		db.Close()
		return nil, err
	}
	return v, nil
}

func migrate(db *sql.DB) error {
	var ver int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&ver); err != nil {
		return fmt.Errorf("not a licentric-sync view or unreadable: %w", err)
	}
	if ver > schemaVersion {
		return fmt.Errorf("written by a newer licentric-sync (view schema %d; this build knows %d)", ver, schemaVersion)
	}
	if _, err := db.Exec(schema); err != nil {
		return fmt.Errorf("not a licentric-sync view or unreadable: %w", err)
	}
	_, err := db.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, schemaVersion))
	return err
}

// loadSecret reads the view's secret, making a random one (0600) the
// first time. A secret of the wrong size is refused, not replaced: it
// would make every row unreadable without saying why.
func loadSecret(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		b = make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return nil, err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, []byte(hex.EncodeToString(b)+"\n"), privfile.Mode); err != nil {
			return nil, err
		}
		return b, nil
	}
	if err != nil {
		return nil, err
	}
	_ = privfile.Restrict(path)
	s, err := hex.DecodeString(string(bytes.TrimSpace(b)))
	if err != nil || len(s) != 32 {
		return nil, errors.New("is not 64 hex digits; delete the view and its key, and the next plan reads the account again")
	}
	return s, nil
}

// Close releases the database.
func (v *View) Close() error { return v.db.Close() }

// Display is how messages name the view.
func (v *View) Display() string { return v.display }

// Digest is the keyed digest of a license key: the row's identity.
func (v *View) Digest(key string) []byte {
	return mac(derive(v.secret, "key"), key)
}

// Account is the keyed digest naming an account (its base URL and API
// key), so a view read with one key is never used for another.
func (v *View) Account(baseURL, apiKey string) string {
	return hex.EncodeToString(mac(derive(v.secret, "account"), baseURL+"\x00"+apiKey))
}

func derive(secret []byte, purpose string) []byte { return mac(secret, "licentric-sync view "+purpose) }

func mac(key []byte, msg string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(msg))
	return h.Sum(nil)
}

// Meta is what the view says about itself.
type Meta struct {
	// Account is the Account digest of the read; "" for an empty view.
	Account string
	// AccountID and AccountLabel are the read's Account.ID and
	// Account.Label ("" in a view kept before they were recorded).
	AccountID, AccountLabel string
	// ReadAt is when the last full read finished.
	ReadAt time.Time
	// Writes counts the writes recorded since that read.
	Writes int
	// Licenses is how many licenses the view holds.
	Licenses int
	// Month ("2026-12", UTC) and MonthRequests are the requests this tool
	// sent to the account in that month, as far as runs recorded them.
	Month         string
	MonthRequests int
}

// Meta reads the view's meta data.
func (v *View) Meta(ctx context.Context) (Meta, error) {
	var m Meta
	vals, err := v.metaValues(ctx)
	if err != nil {
		return m, fmt.Errorf("view %s: %w", v.display, err)
	}
	m.Account, m.Month = vals["account"], vals["month"]
	m.AccountID, m.AccountLabel = vals["account_id"], vals["account_label"]
	if s := vals["read_at"]; s != "" {
		if m.ReadAt, err = time.Parse(time.RFC3339Nano, s); err != nil {
			return m, fmt.Errorf("view %s: read_at %q: %w", v.display, s, err)
		}
	}
	fmt.Sscan(vals["writes"], &m.Writes)
	fmt.Sscan(vals["month_requests"], &m.MonthRequests)
	err = v.db.QueryRowContext(ctx, `SELECT count(*) FROM licenses`).Scan(&m.Licenses)
	return m, err
}

func (v *View) metaValues(ctx context.Context) (map[string]string, error) {
	rows, err := v.db.QueryContext(ctx, `SELECT k, v FROM meta`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, val string
		if err := rows.Scan(&k, &val); err != nil {
			return nil, err
		}
		out[k] = val
	}
	return out, rows.Err()
}

// AddRequests adds n requests sent at now to the month's running total
// (a new month starts from zero).
func (v *View) AddRequests(ctx context.Context, n int64, now time.Time) error {
	month := now.UTC().Format("2006-01")
	return v.tx(ctx, func(tx *sql.Tx) error {
		var cur string
		var total int64
		_ = tx.QueryRowContext(ctx, `SELECT v FROM meta WHERE k = 'month'`).Scan(&cur)
		if cur == month {
			var s string
			_ = tx.QueryRowContext(ctx, `SELECT v FROM meta WHERE k = 'month_requests'`).Scan(&s)
			fmt.Sscan(s, &total)
		}
		return setMeta(ctx, tx, map[string]string{"month": month, "month_requests": fmt.Sprint(total + n)})
	})
}

func setMeta(ctx context.Context, tx *sql.Tx, kv map[string]string) error {
	for k, val := range kv {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v`, k, val); err != nil {
			return err
		}
	}
	return nil
}

// tx runs f in one transaction: all of it is recorded, or none.
func (v *View) tx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := v.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
