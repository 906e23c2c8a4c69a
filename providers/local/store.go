// Package local is the embedded default target: one SQLite file (pure-Go
// driver, no cgo) holding the Licentric model with Licentric's rules:
// keys unique and case-sensitive among live licenses, the status
// lifecycle, soft deletes, and validate-key codes. A new user needs
// nothing else, and the sandbox server serves the same store over HTTP.
package local

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver

	"github.com/licentric/licentric-sync/privfile"
	"github.com/licentric/licentric-sync/providers"
)

// Store is an open local store.
type Store struct {
	db      *sql.DB
	path    string
	display string
	lock    *lock
	// Now is the clock for validate-key expiry decisions and timestamps.
	Now providers.Clock
	// ActiveCap, when positive, is the active-license cap of the plan the
	// store rehearses (tier:), enforced on every create as Licentric does.
	ActiveCap int
}

var _ providers.Target = (*Store)(nil)

const schema = `
CREATE TABLE IF NOT EXISTS products (
  id TEXT PRIMARY KEY, code TEXT NOT NULL, name TEXT NOT NULL, key_prefix TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '', metadata TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT);
CREATE UNIQUE INDEX IF NOT EXISTS products_code ON products(code) WHERE deleted_at IS NULL;
CREATE TABLE IF NOT EXISTS policies (
  id TEXT PRIMARY KEY, product_id TEXT NOT NULL, name TEXT NOT NULL, max_machines INTEGER,
  duration_days INTEGER, fields TEXT NOT NULL DEFAULT '', config_id TEXT NOT NULL DEFAULT '',
  metadata TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT);
CREATE TABLE IF NOT EXISTS licenses (
  id INTEGER PRIMARY KEY, key TEXT NOT NULL, name TEXT NOT NULL DEFAULT '', status TEXT NOT NULL,
  product_id TEXT NOT NULL, policy_id TEXT NOT NULL, user_email TEXT NOT NULL DEFAULT '',
  user_name TEXT NOT NULL DEFAULT '', expires_at TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  max_machines_override INTEGER, metadata TEXT NOT NULL DEFAULT '',
  owner_source TEXT NOT NULL DEFAULT '', owner_platform TEXT NOT NULL DEFAULT '', owner_source_id TEXT NOT NULL DEFAULT '',
  deleted_at TEXT);
CREATE UNIQUE INDEX IF NOT EXISTS licenses_key ON licenses(key) WHERE deleted_at IS NULL;
CREATE TABLE IF NOT EXISTS idempotency (key TEXT PRIMARY KEY, response TEXT NOT NULL, created_at TEXT NOT NULL);
`

// uriPath escapes what ends a path in a file: URI.
var uriPath = strings.NewReplacer("%", "%25", "#", "%23", "?", "%3f")

// Open opens (creating if needed) the store at path; display is how
// messages name it, e.g. ".licentric/state.db".
func Open(path, display string) (*Store, error) {
	db, err := OpenDB(path)
	if err != nil {
		return nil, fmt.Errorf("local store %s: %w", display, err)
	}
	if err := migrate(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("local store %s: %w", display, err)
	}
	return &Store{db: db, path: path, display: display, Now: nowUTC}, nil
}

// OpenDB opens (creating if needed) a SQLite file readable by its owner
// only, in WAL mode with a busy timeout, on one connection: the store's
// way of keeping a file, shared with the Licentric target's view
// (providers/licentric/view), which holds keys' digests beside it.
func OpenDB(path string) (*sql.DB, error) {
	if err := createPrivate(path); err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(OFF)")
	// The path is escaped: in a file: URI a '#' or '?' would end it, and
	// SQLite would open another file (a t.TempDir holds '#' in a fuzz
	// seed's name).
	db, err := sql.Open("sqlite", "file:"+uriPath.Replace(path)+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// SchemaVersion is the store layout this build reads and writes, kept in
// PRAGMA user_version. Version 1 is the first layout; stores written
// before versioning (user_version 0 with tables) have that same layout.
// Version 2 adds entitlements; version 3 the machines table (devices:
// carry).
const SchemaVersion = 3

// migrations[i] brings a store from version i+1 to i+2.
var migrations = []func(*sql.Tx) error{migrateEntitlements, migrateMachines}

// migrate brings a store to SchemaVersion, or refuses one written by a
// newer build, whose layout this build cannot know.
func migrate(db *sql.DB) error {
	var v int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		return fmt.Errorf("not a licentric-sync store or unreadable: %w", err)
	}
	if v > SchemaVersion {
		return fmt.Errorf("written by a newer licentric-sync (store schema %d; this build knows %d); upgrade licentric-sync, or point target.local.path at another file", v, SchemaVersion)
	}
	if v == SchemaVersion {
		return nil
	}
	tx, err := db.Begin()
	if err != nil {
		return fmt.Errorf("not a licentric-sync store or unreadable: %w", err)
	}
	defer tx.Rollback()
	if v == 0 {
		if _, err := tx.Exec(schema); err != nil {
			return fmt.Errorf("not a licentric-sync store or unreadable: %w", err)
		}
		v = 1
	}
	for ; v < SchemaVersion; v++ {
		if err := migrations[v-1](tx); err != nil {
			return fmt.Errorf("upgrading the store from schema %d to %d: %w", v, v+1, err)
		}
	}
	if _, err := tx.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, SchemaVersion)); err != nil {
		return err
	}
	return tx.Commit()
}

// createPrivate makes the store's folder (0700) and file (0600) when they
// do not exist yet, and narrows existing files to 0600: the store holds
// every key and email. SQLite gives its -wal and -shm files the database
// file's mode. A file this user may not chmod is left to the engine's
// warning (Exposed).
func createPrivate(path string) error {
	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, privfile.Mode)
	if err != nil {
		return err
	}
	_ = privfile.Restrict(path, path+"-wal", path+"-shm")
	return f.Close()
}

// Exposed names the store's files that others can read (group or world
// permissions), for a warning: they hold every key and email.
func Exposed(path string) []string {
	var out []string
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if st, err := os.Stat(p); err == nil && st.Mode().Perm()&0o077 != 0 {
			out = append(out, fmt.Sprintf("%s (%#o)", filepath.Base(p), st.Mode().Perm()))
		}
	}
	return out
}

// OpenExisting opens a store for reading only if its file exists, so
// plan and list never create files; ok is false when there is none yet.
func OpenExisting(path, display string) (s *Store, ok bool, err error) {
	if _, err := os.Stat(path); os.IsNotExist(err) {
		return nil, false, nil
	}
	s, err = Open(path, display)
	return s, err == nil, err
}

// Close releases the database and any lock.
func (s *Store) Close() error {
	if s.lock != nil {
		s.lock.release()
		s.lock = nil
	}
	return s.db.Close()
}

// Path is the store's file as it was opened.
func (s *Store) Path() string { return s.path }

// Capabilities: a local store has no rate limit and keeps keys as given.
func (s *Store) Capabilities() providers.Capabilities {
	return capabilities(s.display)
}

// capabilities of a local store named display, present or not yet.
func capabilities(display string) providers.Capabilities {
	return providers.Capabilities{BatchSize: 5000, PreservesKeys: true, Description: "local store " + display}
}

// Lock takes the store's apply lock; a second concurrent apply fails at
// once and says who holds it.
func (s *Store) Lock(ctx context.Context, what string) error {
	l, err := acquire(s.path+".lock", s.display, what)
	if err != nil {
		return err
	}
	s.lock = l
	return nil
}
