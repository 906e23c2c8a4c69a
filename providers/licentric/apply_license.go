package licentric

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/licentricapi"
	"github.com/licentric/licentric-sync/plan"
)

// applyLicense runs one update, status change or delete. With a view,
// the license is read first and the write stops if it moved since the
// view; each answer is kept in the view as it arrives.
func (t *Target) applyLicense(ctx context.Context, c *plan.Change) error {
	key := license.Key(c.ID)
	id, err := t.licenseID(ctx, key)
	if err != nil {
		return err
	}
	gone, err := t.recheck(ctx, id, key)
	if err != nil {
		return err
	}
	if c.Action == plan.Delete {
		if gone {
			t.done.add(0, 1)
			return nil
		}
		err := t.c.do(ctx, call{method: "DELETE", path: "/licenses/" + url.PathEscape(id)}, nil)
		if IsStatus(err, http.StatusNotFound) {
			t.done.add(0, 1)
			return t.forget(ctx, key) // deleted by another run, or an earlier, interrupted one
		}
		if err != nil {
			return err
		}
		return t.forget(ctx, key)
	}
	if gone {
		return errors.New("it is gone from the account since the view was read (deleted in the dashboard?); nothing was sent: run licentric-sync refresh, then plan again")
	}
	l := c.License
	if c.Action == plan.Update {
		body, err := t.updateBody(l)
		if err != nil {
			return err
		}
		if err := t.patchLicense(ctx, id, body); err != nil {
			return err
		}
		if list, set := c.SetsEntitlements(); set {
			if err := t.attach(ctx, "/licenses", id, list); err != nil {
				return err
			}
		}
	}
	if c.StatusAction == "" {
		return nil
	}
	err = t.statusAction(ctx, id, c.StatusAction)
	if IsStatus(err, http.StatusConflict) {
		// A retried action whose first answer was lost already took
		// effect; re-read to tell that apart from a real refusal.
		st, rerr := t.status(ctx, id, key)
		if rerr == nil && st == l.Status {
			return nil
		}
		if rerr == nil {
			if _, terr := license.Transition(st, l.Status); terr != nil {
				return fmt.Errorf("%w (the API answered: %v)", terr, err)
			}
		}
	}
	return err
}

// licenseID finds a key's Licentric id; on a miss it joins one shared
// re-read of the account, so concurrent workers do not each read it.
func (t *Target) licenseID(ctx context.Context, key license.Key) (string, error) {
	if id, ok := t.ids.license(key); ok {
		return id, nil
	}
	if err := t.reload(ctx); err != nil {
		return "", err
	}
	id, ok := t.ids.license(key)
	if !ok {
		return "", errors.New("not found in the account (it changed since the plan); run plan again")
	}
	return id, nil
}

// status re-reads a license's status (and keeps the answer in the view).
func (t *Target) status(ctx context.Context, id string, key license.Key) (license.Status, error) {
	kl, err := t.getLicense(ctx, id, key)
	if err != nil {
		return "", fmt.Errorf("re-read: %w", err)
	}
	if kl == nil {
		return "", errors.New("re-read: the license is gone from the account")
	}
	var a licentricapi.License
	if err := json.Unmarshal(kl.Object, &a); err != nil {
		return "", fmt.Errorf("re-read: %w", err)
	}
	return a.Status, nil
}
