package licentric

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
)

// applyLicense runs one update, status change or delete.
func (t *Target) applyLicense(ctx context.Context, c *plan.Change) error {
	id, err := t.licenseID(ctx, license.Key(c.ID))
	if err != nil {
		return err
	}
	if c.Action == plan.Delete {
		err := t.c.do(ctx, call{method: "DELETE", path: "/licenses/" + url.PathEscape(id)}, nil)
		if IsStatus(err, http.StatusNotFound) {
			t.done.add(0, 1)
			return nil // deleted by another run, or an earlier, interrupted one
		}
		return err
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
		st, rerr := t.status(ctx, id)
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

func (t *Target) status(ctx context.Context, id string) (license.Status, error) {
	var out struct {
		Data struct {
			Status string `json:"status"`
		} `json:"data"`
	}
	if err := t.c.do(ctx, call{method: "GET", path: "/licenses/" + url.PathEscape(id)}, &out); err != nil {
		return "", fmt.Errorf("re-read: %w", err)
	}
	return license.Status(out.Data.Status), nil
}
