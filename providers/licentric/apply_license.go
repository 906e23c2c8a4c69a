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
			return nil // deleted by an earlier, interrupted run
		}
		return err
	}
	l := c.License
	if c.Action == plan.Update {
		body := map[string]any{"name": opt(l.Name), "userEmail": opt(l.UserEmail), "userName": opt(l.UserName),
			"expiresAt": opt(license.FormatTime(l.ExpiresAt)), "maxMachinesOverride": l.MaxMachinesOverride,
			"productId": t.productIDs[l.Product], "policyId": t.policyIDs[l.Policy], "metadata": metadata(l)}
		if err := t.patchLicense(ctx, id, body); err != nil {
			return err
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

func (t *Target) licenseID(ctx context.Context, key license.Key) (string, error) {
	t.mu.Lock()
	id, ok := t.licenseIDs[key]
	t.mu.Unlock()
	if ok {
		return id, nil
	}
	if _, err := t.Snapshot(ctx); err != nil {
		return "", err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if id, ok = t.licenseIDs[key]; !ok {
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
