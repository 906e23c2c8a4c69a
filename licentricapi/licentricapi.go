// Package licentricapi holds the one Go definition of each Licentric API
// wire object this tool exchanges (a license, a product, a list page, an
// error), with the conversions to and from the domain model. The HTTP
// client, the sandbox server and `list --format json` all use it, so the
// field names and the place of the ownership marker are written once.
package licentricapi

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/licentric/licentric-sync/license"
)

// License is a license object as the API returns it and as an import row
// or a PATCH body sends it. Optional strings are pointers because the API
// says null, not "", for an absent value.
type License struct {
	ID                  string          `json:"id,omitempty"`
	Key                 string          `json:"key"`
	Name                *string         `json:"name"`
	Status              license.Status  `json:"status"`
	ProductID           string          `json:"productId,omitempty"`
	PolicyID            string          `json:"policyId,omitempty"`
	UserEmail           *string         `json:"userEmail"`
	UserName            *string         `json:"userName"`
	ExpiresAt           *string         `json:"expiresAt"`
	CreatedAt           *string         `json:"createdAt,omitempty"`
	MaxMachinesOverride *int            `json:"maxMachinesOverride"`
	Metadata            json.RawMessage `json:"metadata"`
	// Entitlements are the codes attached to the license itself; absent
	// or null when it has its policy's (an assumption: the API documents
	// the member, not that distinction; see providers/licentric/contract.go).
	// Never sent: they are attached apart.
	Entitlements *[]string `json:"entitlements,omitempty"`
}

// Product is a product object, as the API shows it and the sandbox
// serves it.
type Product struct {
	ID string `json:"id"`
	// AccountID is the account the product belongs to: the one place a
	// list read shows which account an API key reaches.
	AccountID   string          `json:"accountId,omitempty"`
	Code        string          `json:"code"`
	Name        string          `json:"name"`
	KeyPrefix   string          `json:"keyPrefix"`
	Description string          `json:"description"`
	Metadata    json.RawMessage `json:"metadata"`
	CreatedAt   string          `json:"createdAt"`
	UpdatedAt   string          `json:"updatedAt"`
	DeletedAt   *string         `json:"deletedAt"`
}

// Page is one page of a list endpoint: cursor pagination with hasMore.
type Page struct {
	Data       []json.RawMessage `json:"data"`
	Pagination Pagination        `json:"pagination"`
}

// Pagination is a list page's cursor block.
type Pagination struct {
	NextCursor *string `json:"nextCursor"`
	HasMore    bool    `json:"hasMore"`
}

// FromLicense is l as the API holds it: product and policy by their
// Licentric ids, timestamps in Licentric's form, and the ownership marker
// inside metadata.
func FromLicense(l *license.License, productID, policyID string) (License, error) {
	md, err := Metadata(l)
	if err != nil {
		return License{}, err
	}
	return License{Key: string(l.Key), Name: Opt(l.Name), Status: l.Status, ProductID: productID, PolicyID: policyID,
		UserEmail: Opt(l.UserEmail), UserName: Opt(l.UserName), ExpiresAt: Opt(license.FormatTime(l.ExpiresAt)),
		CreatedAt: Opt(license.FormatTime(l.CreatedAt)), MaxMachinesOverride: l.MaxMachinesOverride, Metadata: md}, nil
}

// Decode turns an API license back into the domain model; productCode and
// policyID map the Licentric ids to the plan's identities. The marker
// moves from metadata into Origin.
func (a *License) Decode(productCode, policyID func(string) string) (license.License, error) {
	l := license.License{Key: license.Key(a.Key), Name: Str(a.Name), Status: a.Status,
		Product: productCode(a.ProductID), Policy: policyID(a.PolicyID), UserEmail: Str(a.UserEmail),
		UserName: Str(a.UserName), MaxMachinesOverride: a.MaxMachinesOverride}
	if a.Entitlements != nil {
		l.Entitlements = append([]string{}, *a.Entitlements...) // [] stays none, not the policy's
		slices.Sort(l.Entitlements)
	}
	var err error
	if l.ExpiresAt, err = optTime(a.ExpiresAt); err != nil {
		return l, fmt.Errorf("license %s: expiresAt: %w", l.Key.Ref(), err)
	}
	if l.CreatedAt, err = optTime(a.CreatedAt); err != nil {
		return l, fmt.Errorf("license %s: createdAt: %w", l.Key.Ref(), err)
	}
	rest, mk, err := SplitMarker(a.Metadata)
	if err != nil {
		return l, fmt.Errorf("license %s: metadata: %w", l.Key.Ref(), err)
	}
	l.Metadata = rest
	if mk != nil {
		l.Origin = license.Origin{Source: mk.Source, Platform: mk.Platform, SourceID: mk.SourceID}
	}
	return l, nil
}

// Metadata is the license's metadata with the ownership marker added for
// a managed license. Values are kept as the canonical metadata holds them.
func Metadata(l *license.License) (json.RawMessage, error) {
	md := map[string]json.RawMessage{}
	if l.Metadata != "" {
		if err := json.Unmarshal([]byte(l.Metadata), &md); err != nil {
			return nil, fmt.Errorf("license %s: metadata is not a JSON object: %w", l.Key.Ref(), err)
		}
	}
	if l.Origin.Source != "" {
		mk, err := json.Marshal(license.Marker{Source: l.Origin.Source, Platform: l.Origin.Platform, SourceID: l.Origin.SourceID})
		if err != nil {
			return nil, err
		}
		md[license.MarkerKey] = mk
	}
	return json.Marshal(md) // sorted keys
}

// SplitMarker separates the ownership marker from an API metadata object
// and returns the rest in canonical form ("" for none). A marker without
// a source is not ours: it stays nil.
func SplitMarker(raw json.RawMessage) (rest string, mk *license.Marker, err error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil, nil
	}
	var md map[string]any
	if err := json.Unmarshal(raw, &md); err != nil {
		return "", nil, err
	}
	if v, ok := md[license.MarkerKey]; ok {
		b, _ := json.Marshal(v)
		var m license.Marker
		if json.Unmarshal(b, &m) == nil && m.Source != "" {
			mk = &m
		}
		delete(md, license.MarkerKey)
	}
	rest, err = license.CanonicalJSON(md)
	return rest, mk, err
}

// Opt is the API's null for "".
func Opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Str is "" for the API's null.
func Str(p *string) string {
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
