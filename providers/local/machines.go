package local

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers/devices"
)

// migrateMachines adds the machines table (schema 2 to 3): a fingerprint
// is active once per live license.
func migrateMachines(tx *sql.Tx) error {
	_, err := tx.Exec(`CREATE TABLE IF NOT EXISTS machines (
  id INTEGER PRIMARY KEY, license_id INTEGER NOT NULL, fingerprint TEXT NOT NULL, name TEXT NOT NULL DEFAULT '',
  platform TEXT NOT NULL DEFAULT '', hostname TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, deleted_at TEXT);
CREATE UNIQUE INDEX IF NOT EXISTS machines_fingerprint ON machines(license_id, fingerprint) WHERE deleted_at IS NULL;`)
	return err
}

// Machine is an activated machine as the API shows it.
type Machine struct {
	ID          string `json:"id"`
	LicenseID   string `json:"licenseId"`
	Fingerprint string `json:"fingerprint"`
	Name        string `json:"name"`
	Platform    string `json:"platform"`
	Hostname    string `json:"hostname"`
	CreatedAt   string `json:"createdAt"`
}

// Machine activation errors, as the sandbox answers them.
var (
	// ErrMachineLimit is an activation past the license's machine limit.
	ErrMachineLimit = devices.ErrMachineLimit
	// ErrFingerprint is a fingerprint outside Licentric's 8-256 characters.
	ErrFingerprint = errors.New("fingerprint must be 8-256 characters")
)

// ActivateMachine activates a machine on the live license that holds key,
// as POST /machines does: the fingerprint must be 8-256 characters, one
// fingerprint is activated once per license (created is false and the
// existing machine is returned), and the license's machine limit (its
// override, else its policy's) holds. ErrNotFound: no such license.
func (s *Store) ActivateMachine(ctx context.Context, key license.Key, m Machine) (out Machine, created bool, err error) {
	if devices.CheckFingerprint(m.Fingerprint) != nil {
		return out, false, ErrFingerprint
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var id int64
		var limit sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT l.id, COALESCE(l.max_machines_override, p.max_machines) FROM licenses l
			LEFT JOIN policies p ON p.id = l.policy_id WHERE l.key=? AND l.deleted_at IS NULL`, string(key)).Scan(&id, &limit)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return s.wrap("activate machine", err)
		}
		if out, err = machineBy(ctx, tx, id, m.Fingerprint); err == nil {
			return nil
		} else if !errors.Is(err, ErrNotFound) {
			return s.wrap("activate machine", err)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM machines WHERE license_id=? AND deleted_at IS NULL`, id).Scan(&n); err != nil {
			return s.wrap("activate machine", err)
		}
		if limit.Valid && limit.Int64 >= 0 && int64(n) >= limit.Int64 {
			return ErrMachineLimit
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO machines (license_id, fingerprint, name, platform, hostname, created_at) VALUES (?,?,?,?,?,?)`,
			id, m.Fingerprint, m.Name, m.Platform, m.Hostname, s.now()); err != nil {
			return s.wrap("activate machine", err)
		}
		created = true
		out, err = machineBy(ctx, tx, id, m.Fingerprint)
		return err
	})
	return out, created, err
}

// machineBy is the live machine of a license with a fingerprint.
func machineBy(ctx context.Context, tx *sql.Tx, licenseID int64, fp string) (Machine, error) {
	var m Machine
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id, fingerprint, name, platform, hostname, created_at FROM machines
		WHERE license_id=? AND fingerprint=? AND deleted_at IS NULL`, licenseID, fp).Scan(&id, &m.Fingerprint, &m.Name, &m.Platform, &m.Hostname, &m.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return m, ErrNotFound
	}
	m.ID, m.LicenseID = strconv.FormatInt(id, 10), strconv.FormatInt(licenseID, 10)
	return m, err
}

// ListMachines returns up to limit live machines of a license (an API
// license id) with id > after, by id.
func (s *Store) ListMachines(ctx context.Context, licenseID string, after int64, limit int) ([]Machine, error) {
	lid, err := licenseID64(licenseID)
	if err != nil {
		return nil, err
	}
	return list(ctx, s, "list machines", `SELECT id, fingerprint, name, platform, hostname, created_at FROM machines
		WHERE license_id=? AND id>? AND deleted_at IS NULL ORDER BY id LIMIT ?`, func(row scanner) (Machine, error) {
		var m Machine
		var id int64
		err := row.Scan(&id, &m.Fingerprint, &m.Name, &m.Platform, &m.Hostname, &m.CreatedAt)
		m.ID, m.LicenseID = strconv.FormatInt(id, 10), licenseID
		return m, err
	}, lid, after, limit)
}

// licenseID64 is licenseID for a filter: a malformed id matches nothing.
func licenseID64(id string) (int64, error) {
	n, err := licenseID(id)
	if err != nil {
		return 0, fmt.Errorf("licenseId %w", err)
	}
	return n, nil
}

// Machines are the fingerprints of the live machines of the license that
// holds key (devices.Activator: apply's carry skips them).
func (s *Store) Machines(ctx context.Context, key license.Key) (map[string]bool, error) {
	fps, err := list(ctx, s, "list machines", `SELECT m.fingerprint FROM machines m JOIN licenses l ON l.id = m.license_id
		WHERE l.key=? AND l.deleted_at IS NULL AND m.deleted_at IS NULL`, func(row scanner) (string, error) {
		var fp string
		err := row.Scan(&fp)
		return fp, err
	}, string(key))
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(fps))
	for _, fp := range fps {
		out[fp] = true
	}
	return out, nil
}

// Activate activates a device on the license that holds key
// (devices.Activator); false when its fingerprint already was.
func (s *Store) Activate(ctx context.Context, key license.Key, d devices.Device) (bool, error) {
	_, created, err := s.ActivateMachine(ctx, key, Machine{Fingerprint: d.Fingerprint, Name: d.Name, Platform: d.Platform, Hostname: d.Hostname})
	if err != nil {
		return false, fmt.Errorf("activate a machine (%s) on %s: %w", license.Ref("fingerprint", d.Fingerprint), key.Ref(), err)
	}
	return created, nil
}
