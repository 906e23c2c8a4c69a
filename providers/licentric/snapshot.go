package licentric

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/licentricapi"
	"github.com/licentric/licentric-sync/providers/licentric/view"
)

// readAccount reads products, policies and licenses, refreshes the id
// maps and, when the target keeps a view, installs the read in it. Policies
// are ours when their metadata carries our marker with the config id;
// licenses when their metadata carries the source marker.
func (t *Target) readAccount(ctx context.Context) (*license.Snapshot, error) {
	r, kept, err := t.readWhole(ctx, func(id string) error { return t.vouch(ctx, id) })
	if err != nil {
		return nil, err
	}
	if err := t.keep(ctx, kept); err != nil {
		return nil, err
	}
	t.ids.replace(r.products, r.policies, r.licenses)
	return r.snap, nil
}

// readWhole lists the whole account into an accountReader, and what a view
// keeps of it. vouch, when set, is asked once the products are read (the
// account's id is then known) whether to read on.
func (t *Target) readWhole(ctx context.Context, vouch func(accountID string) error) (*accountReader, *view.Account, error) {
	r, kept := newAccountReader(), &view.Account{}
	err := t.listAll(ctx, "/products", func(raw json.RawMessage) error {
		kept.Products = append(kept.Products, raw)
		return r.product(raw)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("licentric: read products: %w", err)
	}
	kept.ID, kept.Label = r.accountID, t.label(r.accountID)
	if vouch != nil {
		if err := vouch(r.accountID); err != nil {
			return nil, nil, err
		}
	}
	err = t.listAll(ctx, "/policies", func(raw json.RawMessage) error {
		kept.Policies = append(kept.Policies, raw)
		return r.policy(raw)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("licentric: read policies: %w", err)
	}
	err = t.listAll(ctx, "/licenses", func(raw json.RawMessage) error {
		a, err := r.license(raw)
		if err != nil {
			return err
		}
		kl, err := keptLicense(a)
		kept.Licenses = append(kept.Licenses, kl)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("licentric: read licenses: %w", err)
	}
	return r, kept, nil
}

// accountReader turns the API's objects into a snapshot and the id maps,
// the same way whether they come from the API or from the view.
type accountReader struct {
	snap                    *license.Snapshot
	productCodes, policyCfg map[string]string
	products, policies      map[string]string
	licenses                map[license.Key]string
	inUse                   map[string]int // config id → index of the policy copy in use
	copies                  []policyCopy
	// accountID is the accountId the first product that has one carries.
	accountID string
}

func newAccountReader() *accountReader {
	return &accountReader{snap: &license.Snapshot{}, productCodes: map[string]string{}, policyCfg: map[string]string{},
		products: map[string]string{}, policies: map[string]string{}, licenses: map[license.Key]string{}, inUse: map[string]int{}}
}

func (r *accountReader) product(raw json.RawMessage) error {
	var p licentricapi.Product
	if err := json.Unmarshal(raw, &p); err != nil {
		return fmt.Errorf("a product object: %w", err)
	}
	r.productCodes[p.ID], r.products[p.Code] = p.Code, p.ID
	if r.accountID == "" {
		r.accountID = p.AccountID
	}
	r.snap.Products = append(r.snap.Products, license.Product{Code: p.Code, Name: p.Name, KeyPrefix: p.KeyPrefix})
	return nil
}

// policy reads one policy. Of copies of one policy (a create another run
// repeated), the oldest is the one in use, listed first for the planner,
// which warns of the others.
func (r *accountReader) policy(raw json.RawMessage) error {
	ps, id, err := decodePolicy(raw, r.productCodes)
	if err != nil {
		return err
	}
	var cp policyCopy
	_ = json.Unmarshal(raw, &cp) // decodePolicy has read it
	r.snap.Policies, r.copies = append(r.snap.Policies, ps), append(r.copies, cp)
	if !ps.Managed {
		return nil
	}
	r.policyCfg[id] = ps.ID
	i, dup := r.inUse[ps.ID]
	last := len(r.snap.Policies) - 1
	switch {
	case !dup:
		r.inUse[ps.ID], r.policies[ps.ID] = last, id
	case older(cp, r.copies[i]):
		r.snap.Policies[i], r.snap.Policies[last] = r.snap.Policies[last], r.snap.Policies[i]
		r.copies[i], r.copies[last] = r.copies[last], r.copies[i]
		r.policies[ps.ID] = id
	}
	return nil
}

// license reads one license object.
func (r *accountReader) license(raw json.RawMessage) (*licentricapi.License, error) {
	var a licentricapi.License
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, fmt.Errorf("a license object: %w", err)
	}
	l, err := a.Decode(func(id string) string { return r.productCodes[id] }, func(id string) string { return r.policyCfg[id] })
	if err != nil {
		return nil, err
	}
	r.licenses[l.Key] = a.ID
	r.snap.Licenses = append(r.snap.Licenses, l)
	return &a, nil
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
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if !policyTyped[k] && string(m[k]) != "null" {
			if ps.Fields == nil {
				ps.Fields = map[string]string{}
			}
			ps.Fields[k] = string(m[k])
		}
	}
	return ps, a.ID, nil
}
