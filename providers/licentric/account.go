package licentric

import (
	"context"
	"crypto/sha256"
	"fmt"

	"github.com/licentric/licentric-sync/providers/licentric/view"
)

// Which account a read is of. The view records the account it was read
// from: a digest of the URL and API key (the credentials), the account's
// id as its products carry it (accountId) and a label for messages. A run
// whose credentials differ from the view's reads the products first and
// goes on only when they carry the view's account id (the same account
// under a rotated key or another spelling of its URL); otherwise it stops
// before reading further and before replacing the view: a wrong key, or
// a config pointed at another account, must not quietly become the view
// every later plan is made from.

// OtherAccountError says this run reaches another account than the one
// the view was read from, and how to go on. The CLI exits 3 with it.
type OtherAccountError struct {
	// View names the account the view was read from; Now the one this
	// run's credentials reach (ids, URL, key fingerprints; never a key).
	View, Now string
	// Path is how messages name the view file.
	Path string
}

// Error names both accounts and the two ways on.
func (e *OtherAccountError) Error() string {
	return fmt.Sprintf("licentric: the view %s was read from %s, but this run's API key and URL reach %s; "+
		"nothing was written and the view was kept as it was.\n"+
		"If the API key or target.licentric.url is wrong, fix it. If this is the account to use from now on, "+
		"run licentric-sync refresh and accept its read with the --ack it prints, or move %s and %s.key away "+
		"(the next plan reads the account afresh).", e.Path, e.View, e.Now, e.Path, e.Path)
}

// label names the account these credentials reach in messages: its id
// when its products carry one, the URL, and the first 8 hex digits of the
// API key's SHA-256 (compare with `printf %s "$LICENTRIC_API_KEY" | sha256sum`).
func (t *Target) label(accountID string) string {
	fp := sha256.Sum256([]byte(t.c.key))
	creds := fmt.Sprintf("API key sha256:%x at %s", fp[:4], t.url)
	if accountID == "" {
		return "an account whose id its products do not show (" + creds + ")"
	}
	return "account " + accountID + " (" + creds + ")"
}

// sameAccount reports whether a read of the account with id accountID,
// made with this target's credentials, is of the account the view m was
// read from (an empty view is of no account yet).
func (t *Target) sameAccount(m view.Meta, accountID string) bool {
	return m.Account == "" || m.Account == t.kept.account || (m.AccountID != "" && m.AccountID == accountID)
}

// vouch stops a read, once its products are read, that would replace the
// view with another account's. A target that only counts (verify, list)
// is never stopped, but a read of another account is not the view's
// account's to count: its requests stay out of the month's total.
func (t *Target) vouch(ctx context.Context, accountID string) error {
	k := t.kept
	if k == nil {
		return nil
	}
	if k.countOnly {
		m, err := k.v.Meta(ctx)
		if err != nil {
			return err
		}
		k.other = !t.sameAccount(m, accountID)
		return nil
	}
	if t.sameAccount(k.asOf, accountID) {
		return nil
	}
	k.other = true
	was := k.asOf.AccountLabel
	if was == "" {
		was = "an account read with another API key or URL"
	}
	return &OtherAccountError{View: was, Now: t.label(accountID), Path: k.v.Display()}
}
