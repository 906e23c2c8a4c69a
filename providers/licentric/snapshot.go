package licentric

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/licentric/licentric-sync/license"
)

type apiProduct struct {
	ID        string `json:"id"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	KeyPrefix string `json:"keyPrefix"`
}

type apiLicense struct {
	ID                  string          `json:"id"`
	Key                 string          `json:"key"`
	Name                *string         `json:"name"`
	Status              string          `json:"status"`
	ProductID           string          `json:"productId"`
	PolicyID            string          `json:"policyId"`
	UserEmail           *string         `json:"userEmail"`
	UserName            *string         `json:"userName"`
	ExpiresAt           *string         `json:"expiresAt"`
	CreatedAt           *string         `json:"createdAt"`
	MaxMachinesOverride *int            `json:"maxMachinesOverride"`
	Metadata            json.RawMessage `json:"metadata"`
}

// Snapshot reads products, policies and licenses. Policies are ours when
// their metadata carries our marker with the config id; licenses when
// their metadata carries the source marker.
func (t *Target) Snapshot(ctx context.Context) (*license.Snapshot, error) {
	snap := &license.Snapshot{}
	productCodes, policyCfg := map[string]string{}, map[string]string{}
	products, policies, licenses := map[string]string{}, map[string]string{}, map[license.Key]string{}
	err := t.listAll(ctx, "/products", func(raw json.RawMessage) error {
		var p apiProduct
		if err := json.Unmarshal(raw, &p); err != nil {
			return err
		}
		productCodes[p.ID], products[p.Code] = p.Code, p.ID
		prefix := p.KeyPrefix
		snap.Products = append(snap.Products, license.Product{Code: p.Code, Name: p.Name, KeyPrefix: prefix})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("licentric: read products: %w", err)
	}
	err = t.listAll(ctx, "/policies", func(raw json.RawMessage) error {
		ps, id, err := decodePolicy(raw, productCodes)
		if err != nil {
			return err
		}
		if ps.Managed {
			policyCfg[id], policies[ps.ID] = ps.ID, id
		}
		snap.Policies = append(snap.Policies, ps)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("licentric: read policies: %w", err)
	}
	err = t.listAll(ctx, "/licenses", func(raw json.RawMessage) error {
		var a apiLicense
		if err := json.Unmarshal(raw, &a); err != nil {
			return err
		}
		l, err := decodeLicense(a, productCodes, policyCfg)
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
	t.mu.Lock()
	t.productIDs, t.policyIDs, t.licenseIDs = products, policies, licenses
	t.mu.Unlock()
	return snap, nil
}

// policyTyped are the policy fields with typed homes in license.Policy.
var policyTyped = map[string]bool{"id": true, "productId": true, "name": true, "maxMachines": true, "durationDays": true,
	"metadata": true, "createdAt": true, "updatedAt": true, "deletedAt": true, "accountId": true, "allowUnlimitedActivations": true}

func decodePolicy(raw json.RawMessage, productCodes map[string]string) (license.PolicyState, string, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return license.PolicyState{}, "", err
	}
	var ps license.PolicyState
	var id, productID string
	var maxM, dur *int
	var meta map[string]json.RawMessage
	_ = json.Unmarshal(m["id"], &id)
	_ = json.Unmarshal(m["productId"], &productID)
	_ = json.Unmarshal(m["name"], &ps.Name)
	_ = json.Unmarshal(m["maxMachines"], &maxM)
	_ = json.Unmarshal(m["durationDays"], &dur)
	_ = json.Unmarshal(m["metadata"], &meta)
	ps.Product, ps.DurationDays, ps.MaxMachines = productCodes[productID], dur, license.Unlimited
	if maxM != nil {
		ps.MaxMachines = *maxM
	}
	var mk struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(meta[license.MarkerKey], &mk) == nil && mk.ID != "" {
		ps.ID, ps.Managed = mk.ID, true
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
	return ps, id, nil
}

func decodeLicense(a apiLicense, productCodes, policyCfg map[string]string) (license.License, error) {
	l := license.License{Key: license.Key(a.Key), Name: str(a.Name), Status: license.Status(a.Status),
		Product: productCodes[a.ProductID], Policy: policyCfg[a.PolicyID], UserEmail: str(a.UserEmail), UserName: str(a.UserName),
		MaxMachinesOverride: a.MaxMachinesOverride}
	var err error
	if l.ExpiresAt, err = optTime(a.ExpiresAt); err != nil {
		return l, fmt.Errorf("license %s: expiresAt: %w", l.Key.Ref(), err)
	}
	l.CreatedAt, _ = optTime(a.CreatedAt)
	var md map[string]any
	if len(a.Metadata) > 0 && string(a.Metadata) != "null" {
		if err := json.Unmarshal(a.Metadata, &md); err != nil {
			return l, fmt.Errorf("license %s: metadata: %w", l.Key.Ref(), err)
		}
	}
	if mk, ok := license.MarkerOf(string(a.Metadata)); ok {
		l.Origin = license.Origin{Source: mk.Source, Platform: mk.Platform, SourceID: mk.SourceID}
	}
	delete(md, license.MarkerKey)
	l.Metadata, err = license.CanonicalJSON(md)
	return l, err
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func optTime(p *string) (*time.Time, error) {
	if p == nil || *p == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339Nano, *p)
	if err != nil {
		return nil, err
	}
	t = license.TruncTime(t)
	return &t, nil
}
