package sandbox

import (
	"encoding/json"
	"net/http"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers/local"
)

// typedPolicyFields have columns of their own; the rest of a policy's
// documented fields are kept as JSON in the fields column.
var typedPolicyFields = map[string]bool{"id": true, "productId": true, "name": true, "maxMachines": true,
	"durationDays": true, "metadata": true, "allowUnlimitedActivations": true, "createdAt": true, "updatedAt": true, "entitlements": true}

func policyJSON(p local.PolicyRecord) map[string]any {
	out := map[string]any{"id": p.ID, "productId": p.ProductID, "name": p.Name, "maxMachines": p.MaxMachines,
		"durationDays": p.DurationDays, "metadata": p.Metadata, "createdAt": p.CreatedAt, "updatedAt": p.UpdatedAt,
		"entitlements": p.Entitlements}
	for k, v := range p.Fields {
		out[k] = v
	}
	return out
}

func (s *Server) listPolicies(w http.ResponseWriter, r *http.Request) {
	cursor, limit, ok := page(w, r)
	if !ok {
		return
	}
	ps, err := s.store.ListPolicies(r.Context(), cursor, limit+1)
	listOf(w, ps, err, "policies", limit, policyJSON, idOf)
}

// policyRecord reads a policy body: its typed fields, the marker's config
// id in metadata, and every other field as raw JSON.
func policyRecord(w http.ResponseWriter, r *http.Request) (local.PolicyRecord, map[string]json.RawMessage, bool) {
	var body map[string]json.RawMessage
	if !decode(w, r, &body) {
		return local.PolicyRecord{}, nil, false
	}
	var typed struct {
		ProductID    string                     `json:"productId"`
		Name         string                     `json:"name"`
		MaxMachines  *int64                     `json:"maxMachines"`
		DurationDays *int64                     `json:"durationDays"`
		Metadata     map[string]json.RawMessage `json:"metadata"`
	}
	if err := remarshal(body, &typed); err != nil {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "%v", err)
		return local.PolicyRecord{}, nil, false
	}
	p := local.PolicyRecord{ProductID: typed.ProductID, Name: typed.Name, MaxMachines: typed.MaxMachines,
		DurationDays: typed.DurationDays, Metadata: body["metadata"]}
	var mk struct {
		ID string `json:"id"`
	}
	if raw, ok := typed.Metadata[license.MarkerKey]; ok && json.Unmarshal(raw, &mk) != nil {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "metadata.%s must be an object with an id", license.MarkerKey)
		return local.PolicyRecord{}, nil, false
	}
	p.ConfigID = mk.ID
	for k, v := range body {
		if !typedPolicyFields[k] {
			if p.Fields == nil {
				p.Fields = map[string]json.RawMessage{}
			}
			p.Fields[k] = v
		}
	}
	return p, body, true
}

func (s *Server) createPolicy(w http.ResponseWriter, r *http.Request) {
	p, body, ok := policyRecord(w, r)
	if !ok {
		return
	}
	if p.ProductID == "" || p.Name == "" {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "productId and name are required")
		return
	}
	if p.MaxMachines == nil && string(body["allowUnlimitedActivations"]) != "true" {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "maxMachines is required; send null only with allowUnlimitedActivations: true")
		return
	}
	created, err := s.store.CreatePolicy(r.Context(), p)
	if err != nil {
		failStore(w, err, "product "+p.ProductID)
		return
	}
	data(w, http.StatusCreated, policyJSON(created))
}

func (s *Server) updatePolicy(w http.ResponseWriter, r *http.Request) {
	p, _, ok := policyRecord(w, r)
	if !ok {
		return
	}
	p.ID = r.PathValue("id")
	if err := s.store.UpdatePolicy(r.Context(), p); err != nil {
		failStore(w, err, "policy")
		return
	}
	data(w, http.StatusOK, map[string]any{"id": p.ID})
}

func (s *Server) deletePolicy(w http.ResponseWriter, r *http.Request) {
	if err := s.store.DeletePolicy(r.Context(), r.PathValue("id")); err != nil {
		failStore(w, err, "policy")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func remarshal(raw map[string]json.RawMessage, v any) error {
	b, err := json.Marshal(raw)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
