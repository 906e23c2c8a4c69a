package keygenfake

import (
	"encoding/json"
	"strings"

	"github.com/licentric/licentric-sync/providers/live/livefake"
)

// A policy's entitlements as keygen-sh/keygen-api serves them
// (app/controllers/api/v1/policies/relationships/entitlements_controller.rb,
// index): GET /policies/{id}/entitlements lists the entitlement
// resources attached to the policy (policy.entitlements, through
// policy_entitlements), paged like every list (apply_pagination), so
// links.self is the request's own path; an unknown policy is a 404
// (set_policy's find). The fake keeps the attachments as Keygen's join
// records: "policy-entitlements" resources naming a policy and an
// entitlement (app/serializers/policy_entitlement_serializer.rb), which
// no list serves.

// policyOfList is the policy id of a path below the base naming a
// policy's entitlements list ("policies/{id}/entitlements").
func policyOfList(typ string) (string, bool) {
	rest, ok := strings.CutPrefix(typ, "policies/")
	if !ok {
		return "", false
	}
	id, ok := strings.CutSuffix(rest, "/entitlements")
	return id, ok && id != "" && !strings.Contains(id, "/")
}

// policyEntitlements are the entitlements attached to policy.
func policyEntitlements(s *livefake.Server, policy string) []json.RawMessage {
	var out []json.RawMessage
	for _, v := range s.IncludedOf("policy-entitlements", nil) {
		var join struct {
			Relationships struct {
				Policy, Entitlement struct {
					Data struct{ ID string } `json:"data"`
				}
			} `json:"relationships"`
		}
		if json.Unmarshal(v, &join) != nil || join.Relationships.Policy.Data.ID != policy {
			continue
		}
		if e, ok := s.Included["entitlements/"+join.Relationships.Entitlement.Data.ID]; ok {
			out = append(out, e)
		}
	}
	return out
}

// Entitle attaches new entitlements with codes to the policy with id,
// as an admin would in Keygen's dashboard (one entitlement each, named
// after its code, attached through a join record). Tests call it inside
// Update when the fake is serving.
func Entitle(s *livefake.Server, policy string, codes ...string) {
	n := 0
	for k := range s.Included {
		if strings.HasPrefix(k, "entitlements/") {
			n++
		}
	}
	for _, code := range codes {
		id := ID("entitlements", n)
		s.Included["entitlements/"+id] = livefake.MustJSON(livefake.Resource("entitlements", id,
			map[string]any{"name": code, "code": code, "metadata": map[string]any{}, "created": "2024-01-01T00:00:00.000Z"}))
		join := livefake.Resource("policy-entitlements", ID("policy-entitlements", n), map[string]any{"created": "2024-01-01T00:00:00.000Z"})
		join.Relationships = map[string]any{"policy": livefake.Rel("policies", policy), "entitlement": livefake.Rel("entitlements", id)}
		s.Included["policy-entitlements/"+join.ID] = livefake.MustJSON(join)
		n++
	}
}
