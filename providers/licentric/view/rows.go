package view

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// License is one license as the account holds it: its Licentric id, its
// key (the row's identity, kept only as a digest: rows read back carry
// it inside Object only) and its API object (canonical JSON, key
// included), which is kept sealed.
type License struct {
	ID     string
	Key    string
	Object []byte
}

// Account is a full read of the account, to install whole.
type Account struct {
	// ID is the account's id as its objects carry it (accountId), "" when
	// none did (an account without products, an API that leaves it out).
	ID string
	// Label names the account in messages: its id, the URL and a
	// fingerprint of the API key; never the key.
	Label string
	// Products and Policies are the API's objects in list order (the
	// order decides which copy of a policy is in use).
	Products, Policies [][]byte
	Licenses           []License
}

// Replace installs a full read made at readAt of the account named
// account (see View.Account), in one transaction: the view is the old
// read or the new one, never a mix, even after a kill.
func (v *View) Replace(ctx context.Context, account string, readAt time.Time, a *Account) error {
	err := v.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{`DELETE FROM products`, `DELETE FROM policies`, `DELETE FROM licenses`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		if err := insertCatalog(ctx, tx, a.Products, a.Policies); err != nil {
			return err
		}
		for _, l := range a.Licenses {
			if err := v.put(ctx, tx, l); err != nil {
				return err
			}
		}
		meta := map[string]string{"account": account, "account_id": a.ID, "account_label": a.Label,
			"read_at": readAt.UTC().Format(time.RFC3339Nano), "writes": "0"}
		var wasAccount, wasID string
		_ = tx.QueryRowContext(ctx, `SELECT v FROM meta WHERE k = 'account'`).Scan(&wasAccount)
		_ = tx.QueryRowContext(ctx, `SELECT v FROM meta WHERE k = 'account_id'`).Scan(&wasID)
		if otherAccount(wasAccount, wasID, account, a.ID) {
			// the month's total is of the account the view was of: another
			// account's quota starts from what this tool sends it
			meta["month_requests"] = "0"
		}
		return setMeta(ctx, tx, meta)
	})
	if err != nil {
		return fmt.Errorf("view %s: keep the read: %w", v.display, err)
	}
	return nil
}

// otherAccount reports whether a read (credentials digest account, id
// its products show) is of another account than the view's was: the ids
// differ, or the credentials differ and no id shows it is the same
// account (a rotated key does; an empty account cannot).
func otherAccount(wasAccount, wasID, account, id string) bool {
	if wasID != "" && id != "" {
		return wasID != id
	}
	return wasAccount != "" && wasAccount != account
}

// ReplaceCatalog installs a fresh read of the products and policies
// (after this tool wrote some); it counts as one write. The products name
// the account (a.ID, a.Label) when the read that made the view could not
// (an empty account): a.Licenses is not used.
func (v *View) ReplaceCatalog(ctx context.Context, a *Account) error {
	products, policies := a.Products, a.Policies
	err := v.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{`DELETE FROM products`, `DELETE FROM policies`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		if err := insertCatalog(ctx, tx, products, policies); err != nil {
			return err
		}
		if a.ID != "" {
			if err := setMeta(ctx, tx, map[string]string{"account_id": a.ID, "account_label": a.Label}); err != nil {
				return err
			}
		}
		return addWrites(ctx, tx, 1)
	})
	if err != nil {
		return fmt.Errorf("view %s: record the catalog: %w", v.display, err)
	}
	return nil
}

func insertCatalog(ctx context.Context, tx *sql.Tx, products, policies [][]byte) error {
	for _, p := range products {
		if _, err := tx.ExecContext(ctx, `INSERT INTO products (raw) VALUES (?)`, p); err != nil {
			return err
		}
	}
	for _, p := range policies {
		if _, err := tx.ExecContext(ctx, `INSERT INTO policies (raw) VALUES (?)`, p); err != nil {
			return err
		}
	}
	return nil
}

// Load calls product and policy with each kept object in list order,
// then license with each license (in no particular order).
func (v *View) Load(ctx context.Context, product, policy func([]byte) error, license func(License) error) error {
	for _, c := range []struct {
		q string
		f func([]byte) error
	}{{`SELECT raw FROM products ORDER BY seq`, product}, {`SELECT raw FROM policies ORDER BY seq`, policy}} {
		if err := v.each(ctx, c.q, func(r *sql.Rows) error {
			var raw []byte
			if err := r.Scan(&raw); err != nil {
				return err
			}
			return c.f(raw)
		}); err != nil {
			return err
		}
	}
	return v.each(ctx, `SELECT digest, id, sealed FROM licenses`, func(r *sql.Rows) error {
		l, err := v.scan(r)
		if err != nil {
			return err
		}
		return license(l)
	})
}

// Get is the kept license of key; ok is false when the view has none.
func (v *View) Get(ctx context.Context, key string) (l License, ok bool, err error) {
	err = v.each(ctx, `SELECT digest, id, sealed FROM licenses WHERE digest = ?`, func(r *sql.Rows) error {
		l, err = v.scan(r)
		ok = err == nil
		return err
	}, v.Digest(key))
	return l, ok, err
}

// Inflight lists the licenses a write was sent for whose answer was
// never recorded (the run was killed): the account may hold either side.
func (v *View) Inflight(ctx context.Context) ([]License, error) {
	var out []License
	err := v.each(ctx, `SELECT digest, id, sealed FROM licenses WHERE inflight = 1`, func(r *sql.Rows) error {
		l, err := v.scan(r)
		out = append(out, l)
		return err
	})
	return out, err
}

// Begin marks key's row as written now, before the request is sent: if
// the answer never arrives, Inflight names it.
func (v *View) Begin(ctx context.Context, key string) error {
	if _, err := v.db.ExecContext(ctx, `UPDATE licenses SET inflight = 1 WHERE digest = ?`, v.Digest(key)); err != nil {
		return fmt.Errorf("view %s: %w", v.display, err)
	}
	return nil
}

// Put records licenses as the account answered a write (a create, an
// update, a status action), in one transaction.
func (v *View) Put(ctx context.Context, ls ...License) error {
	err := v.tx(ctx, func(tx *sql.Tx) error {
		for _, l := range ls {
			if err := v.put(ctx, tx, l); err != nil {
				return err
			}
		}
		return addWrites(ctx, tx, len(ls))
	})
	if err != nil {
		return fmt.Errorf("view %s: record a write: %w", v.display, err)
	}
	return nil
}

// Remove records that key's license is gone (deleted by this tool, or
// found gone).
func (v *View) Remove(ctx context.Context, key string) error {
	err := v.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM licenses WHERE digest = ?`, v.Digest(key)); err != nil {
			return err
		}
		return addWrites(ctx, tx, 1)
	})
	if err != nil {
		return fmt.Errorf("view %s: record a delete: %w", v.display, err)
	}
	return nil
}

func (v *View) put(ctx context.Context, tx *sql.Tx, l License) error {
	d := v.Digest(l.Key)
	sealed, err := v.seal.seal(l.Object, d)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO licenses (digest, id, sealed, inflight) VALUES (?, ?, ?, 0)
		ON CONFLICT(digest) DO UPDATE SET id = excluded.id, sealed = excluded.sealed, inflight = 0`, d, l.ID, sealed)
	return err
}

func addWrites(ctx context.Context, tx *sql.Tx, n int) error {
	_, err := tx.ExecContext(ctx, `UPDATE meta SET v = CAST(CAST(v AS INTEGER) + ? AS TEXT) WHERE k = 'writes'`, n)
	return err
}

// scan reads a license row and opens its sealed object.
func (v *View) scan(r *sql.Rows) (License, error) {
	var d, sealed []byte
	var l License
	if err := r.Scan(&d, &l.ID, &sealed); err != nil {
		return l, err
	}
	obj, err := v.seal.open(sealed, d)
	if err != nil {
		return l, fmt.Errorf("view %s: a license row does not open with %s.key (%v); delete both and the next plan reads the account again", v.display, v.display, err)
	}
	l.Object = obj
	return l, nil
}

func (v *View) each(ctx context.Context, q string, f func(*sql.Rows) error, args ...any) error {
	rows, err := v.db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("view %s: %w", v.display, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := f(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// sealer is AES-256-GCM with a random nonce per row; the row's digest is
// the additional data, so a sealed object moved to another row is refused.
type sealer struct{ aead cipher.AEAD }

func newSealer(key []byte) (sealer, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return sealer{}, err
	}
	a, err := cipher.NewGCM(b)
	return sealer{aead: a}, err
}

func (s sealer) seal(plain, ad []byte) ([]byte, error) {
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plain)+s.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return s.aead.Seal(nonce, nonce, plain, ad), nil
}

func (s sealer) open(sealed, ad []byte) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n {
		return nil, errors.New("too short")
	}
	return s.aead.Open(nil, sealed[:n], sealed[n:], ad)
}
