package licentric

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/licentricapi"
)

// readAccount reads products, policies and licenses, and refreshes the
// id maps. Policies are ours when their metadata carries our marker with
// the config id; licenses when their metadata carries the source marker.
func (t *Target) readAccount(ctx context.Context) (*license.Snapshot, error) {
	snap := &license.Snapshot{}
	productCodes, policyCfg := map[string]string{}, map[string]string{}
	products, policies, licenses := map[string]string{}, map[string]string{}, map[license.Key]string{}
	err := t.listAll(ctx, "/products", func(raw json.RawMessage) error {
		var p licentricapi.Product
		if err := json.Unmarshal(raw, &p); err != nil {
			return fmt.Errorf("a product object: %w", err)
		}
		productCodes[p.ID], products[p.Code] = p.Code, p.ID
		snap.Products = append(snap.Products, license.Product{Code: p.Code, Name: p.Name, KeyPrefix: p.KeyPrefix})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("licentric: read products: %w", err)
	}
	err = t.readPolicies(ctx, snap, productCodes, policyCfg, policies)
	if err != nil {
		return nil, fmt.Errorf("licentric: read policies: %w", err)
	}
	code := func(id string) string { return productCodes[id] }
	cfgID := func(id string) string { return policyCfg[id] }
	err = t.listAll(ctx, "/licenses", func(raw json.RawMessage) error {
		var a licentricapi.License
		if err := json.Unmarshal(raw, &a); err != nil {
			return fmt.Errorf("a license object: %w", err)
		}
		l, err := a.Decode(code, cfgID)
		if err != nil {
			return err
		}
		licenses[l.Key] = a.ID
		snap.Licenses = append(snap.Licenses, l)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("licentric: read licenses: %w", err)
	}
	t.ids.replace(products, policies, licenses)
	return snap, nil
}

// readPolicies reads the policies into snap and the id maps. Of copies
// of one policy (a create another run repeated), the oldest is the one
// in use, listed first for the planner, which warns of the others.
func (t *Target) readPolicies(ctx context.Context, snap *license.Snapshot, productCodes, policyCfg, policies map[string]string) error {
	inUse := map[string]int{} // config id → index of the copy in use
	var copies []policyCopy
	return t.listAll(ctx, "/policies", func(raw json.RawMessage) error {
		ps, id, err := decodePolicy(raw, productCodes)
		if err != nil {
			return err
		}
		var cp policyCopy
		_ = json.Unmarshal(raw, &cp) // decodePolicy has read it
		snap.Policies, copies = append(snap.Policies, ps), append(copies, cp)
		if !ps.Managed {
			return nil
		}
		policyCfg[id] = ps.ID
		i, dup := inUse[ps.ID]
		last := len(snap.Policies) - 1
		switch {
		case !dup:
			inUse[ps.ID], policies[ps.ID] = last, id
		case older(cp, copies[i]):
			snap.Policies[i], snap.Policies[last] = snap.Policies[last], snap.Policies[i]
			copies[i], copies[last] = copies[last], copies[i]
			policies[ps.ID] = id
		}
		return nil
	})
}

// apiPolicy is the part of a policy object with typed homes; the rest is
// kept as raw fields.
type apiPolicy struct {
	ID           string                     `json:"id"`
	ProductID    string                     `json:"productId"`
	Name         string                     `json:"name"`
	MaxMachines  *int                       `json:"maxMachines"`
	DurationDays *int                       `json:"durationDays"`
	Metadata     map[string]json.RawMessage `json:"metadata"`
	Entitlements []string                   `json:"entitlements"`
}

func decodePolicy(raw json.RawMessage, productCodes map[string]string) (license.PolicyState, string, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return license.PolicyState{}, "", fmt.Errorf("a policy object: %w", err)
	}
	var a apiPolicy
	if err := json.Unmarshal(raw, &a); err != nil {
		return license.PolicyState{}, "", fmt.Errorf("policy %s: %w", m["id"], err)
	}
	ps := license.PolicyState{Policy: license.Policy{Name: a.Name, Product: productCodes[a.ProductID],
		DurationDays: a.DurationDays, MaxMachines: license.Unlimited}, TargetID: a.ID}
	if a.MaxMachines != nil {
		ps.MaxMachines = *a.MaxMachines
	}
	if len(a.Entitlements) > 0 {
		ps.Entitlements = slices.Sorted(slices.Values(a.Entitlements))
	}
	if raw, ok := a.Metadata[license.MarkerKey]; ok {
		var mk struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(raw, &mk); err != nil {
			return ps, "", fmt.Errorf("policy %s: metadata.%s: %w", a.ID, license.MarkerKey, err)
		}
		ps.ID, ps.Managed = mk.ID, mk.ID != ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !policyTyped[k] && string(m[k]) != "null" {
			if ps.Fields == nil {
				ps.Fields = map[string]string{}
			}
			ps.Fields[k] = string(m[k])
		}
	}
	return ps, a.ID, nil
}
