package keygen

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"

	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/tabular"
)

// entitlementCodes puts a license's entitlement codes in the record, as
// a JSON list (a Keygen code may hold commas), sorted. A license grants
// its policy's entitlements and its own (License#entitlements). They
// come from, in turn: the license's linkage in a dump that carries it
// (relationships.entitlements.data, with the entitlements included or
// listed beside it); its /licenses/{id}/entitlements pages in a dump
// (Keygen answers them with both); its policy's
// /policies/{id}/entitlements pages (a live read lists them, a dump may
// hold them), which leave out the license's own: the column then says
// so, and the source warns (entitlementCheck). With none of these the
// record has no codes and the license has its config policy's. An
// entitlement that was not read is returned as missing, like an owner.
func entitlementCodes(l *tabular.License, r *providers.Record) ([]dangling, error) {
	links, ok, err := l.RelatedList("entitlements")
	if err != nil {
		return nil, fmt.Errorf("license %s: relationships.entitlements.data is not a list of {type, id}: %w", l.ID, err)
	}
	if !ok {
		links, ok = l.ListOf(tabular.Linkage{Type: "licenses", ID: l.ID}, "entitlements")
	}
	if !ok {
		policy, named, err := l.Related("policy")
		if err != nil {
			return nil, err
		}
		if links, ok = l.ListOf(policy, "entitlements"); !named || !ok {
			return nil, nil
		}
		r.Columns = policyEntitlementsColumns
	}
	codes := make([]string, 0, len(links))
	var missing []dangling
	for _, ref := range links {
		var e struct {
			Code tabular.Cell `json:"code"`
		}
		if found := l.Resolve(ref, &e); !found {
			missing = append(missing, dangling{"entitlement", ref.Type, ref.ID})
			continue
		}
		codes = append(codes, e.Code.Text)
	}
	slices.Sort(codes) // as granted, whatever order the pages came in
	b, _ := json.Marshal(codes)
	r.Put(providers.FEntitlements, string(b))
	return missing, nil
}

// policyEntitlementsColumn is where the codes of a license that took its
// policy's list come from.
const policyEntitlementsColumn = "policy.entitlements"

// policyEntitlementsColumns are jsonAPIColumns for such a license.
var policyEntitlementsColumns = func() *[providers.NumFields]string {
	c := *jsonAPIColumns
	c[providers.FEntitlements] = policyEntitlementsColumn
	return &c
}()

// fromPolicyList reports whether a record's codes are its policy's list
// (entitlementCodes), not the license's own.
func fromPolicyList(r *providers.Record) bool {
	return r.Column(providers.FEntitlements) == policyEntitlementsColumn
}

// policyEntitlements reads the entitlements each policy grants:
// GET /policies/{id}/entitlements, one list per policy, cursor pages as
// every list (app/controllers/api/v1/policies/relationships/
// entitlements_controller.rb, index), handed on as related pages. Each
// page's links.self names its policy, which is how the reader joins them.
// A list of one page was read by one query that looked past its end
// (next null), so it needs no count; a longer one is counted like the
// others. So P policies cost about P requests, where a license's own
// entitlements would cost one request per license (not read).
func policyEntitlements(ctx context.Context, p platform.Lister, policies []string, deliver func(body []byte) error) error {
	for _, id := range policies {
		path := "/policies/" + url.PathEscape(id) + "/entitlements"
		r, err := keygenWalk(ctx, p, path, deliver)
		if err != nil {
			return err
		}
		if r.pages > 1 {
			if err := keygenComplete(ctx, p, path, r.read, r.gone); err != nil {
				return err
			}
		}
	}
	return nil
}

// entitlementCheck counts the licenses whose codes are their policy's
// list, to say once that entitlements attached to single licenses were
// not read (Keygen lists them one license at a time).
type entitlementCheck struct {
	live, renames bool
	// fromPolicy counts licenses that took their policy's list; granted
	// those whose list holds a code.
	fromPolicy, granted int
}

func (c *entitlementCheck) check(r *providers.Record) {
	if fromPolicyList(r) {
		c.fromPolicy++
		if v := r.Value(providers.FEntitlements); v != "[]" {
			c.granted++
		}
	}
}

// finding is the warning, when the account uses entitlements (a policy
// grants one, or the source renames codes), "" otherwise: an account
// without any is not told about them on every run.
func (c *entitlementCheck) finding() string {
	switch {
	case c.fromPolicy > 0 && (c.granted > 0 || c.renames):
		return fmt.Sprintf("%d licenses took their policy's entitlements as Keygen lists them (GET /policies/{id}/entitlements); "+
			"entitlements attached to single licenses are listed only one license at a time (GET /licenses/{id}/entitlements: "+
			"%d more requests), which the read does not do, so such a license would lose them. If the account attaches "+
			"entitlements to licenses, read a dump that carries them (the licenses' /licenses/{id}/entitlements pages "+
			"beside them, relationships.entitlements with the entitlements included, or an entitlements column)", c.fromPolicy, c.fromPolicy)
	case c.fromPolicy == 0 && c.live && c.renames:
		return "the read listed no policy's entitlements (a snapshot pulled before this version reads none): its licenses get " +
			"their policies' entitlements from the config; pull again, or read a dump that carries them"
	}
	return ""
}
