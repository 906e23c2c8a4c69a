package licentric

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
)

// ensureEntitlements creates the entitlements the changes attach that
// the account lacks, before any policy or license needs them (Licentric
// attaches only entitlements that exist). Each is named by its code. A
// create answered 409 was made by another or an earlier run: done.
func (t *Target) ensureEntitlements(ctx context.Context, changes []plan.Change) error {
	var need []string
	for i := range changes {
		c := &changes[i]
		switch {
		case c.Policy != nil:
			need = append(need, c.Policy.Entitlements...)
		case c.License != nil && c.Action != plan.Delete:
			need = append(need, c.License.Entitlements...)
		}
	}
	if len(need) == 0 {
		return nil
	}
	slices.Sort(need)
	need = slices.Compact(need)
	have := map[string]bool{}
	err := t.listAll(ctx, "/entitlements", func(raw json.RawMessage) error {
		var e struct {
			Code string `json:"code"`
		}
		if err := json.Unmarshal(raw, &e); err != nil {
			return fmt.Errorf("an entitlement object: %w", err)
		}
		have[e.Code] = true
		return nil
	})
	if err != nil {
		return fmt.Errorf("licentric: reading entitlements: %w", err)
	}
	for _, code := range need {
		if have[code] {
			continue
		}
		err := t.c.do(ctx, call{method: "POST", path: "/entitlements", body: map[string]any{"code": code, "name": code}}, nil)
		if err != nil && !IsStatus(err, http.StatusConflict) {
			return fmt.Errorf("licentric: create entitlement %s: %w", code, err)
		}
	}
	return nil
}

// attach replaces the codes attached to a policy or license (the
// assumed PUT …/{id}/entitlements {"codes"}; contract.go). For a
// license, nil detaches them, so it has its policy's again; its answer
// (the license as it now is, as a PATCH answers) is kept in the view.
// A policy's is kept when the apply reads the catalog again.
func (t *Target) attach(ctx context.Context, kind, id string, codes []string) error {
	body := map[string]any{"codes": codes}
	if codes == nil && kind == "/policies" {
		body["codes"] = []string{}
	}
	var ans struct {
		Data json.RawMessage `json:"data"`
	}
	if err := t.c.do(ctx, call{method: "PUT", path: kind + "/" + url.PathEscape(id) + "/entitlements", body: body}, &ans); err != nil {
		return err
	}
	if kind == "/licenses" {
		return t.recordAnswer(ctx, ans.Data)
	}
	return nil
}

// attachCreated attaches the own lists of licenses just imported (an
// import row carries no entitlements).
func (t *Target) attachCreated(ctx context.Context, cs []*plan.Change) error {
	for _, c := range cs {
		if c.License.Entitlements == nil {
			continue
		}
		id, ok := t.ids.license(license.Key(c.ID))
		if !ok {
			continue // a key taken: adoptTaken brings it up to date
		}
		if err := t.attach(ctx, "/licenses", id, c.License.Entitlements); err != nil {
			return fmt.Errorf("licentric: attach entitlements to license %s: %w", license.Key(c.ID).Ref(), err)
		}
	}
	return nil
}
