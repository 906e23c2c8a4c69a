package license

import (
	"encoding/json"
	"time"
)

// Product is a Licentric product; its Code is its identity across runs.
type Product struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	KeyPrefix string `json:"keyPrefix,omitempty"`
}

// Unlimited is the MaxMachines value for a policy without a machine limit.
const Unlimited = -1

// Policy is a Licentric policy. ID is the config id, stored in the policy's
// metadata on the target, so renaming a policy is an update, not a
// delete and create.
type Policy struct {
	ID           string `json:"id"`
	Product      string `json:"product"`
	Name         string `json:"name"`
	MaxMachines  int    `json:"maxMachines"` // Unlimited (-1) for no limit
	DurationDays *int   `json:"durationDays,omitempty"`
	// Fields holds the other Licentric policy fields from the config, with
	// their Licentric (camelCase) names, as canonical JSON values.
	Fields map[string]string `json:"fields,omitempty"`
	// Entitlements are the codes of the Licentric entitlements attached
	// to the policy (every license under it inherits them), sorted.
	Entitlements []string `json:"entitlements,omitempty"`
}

// Origin says where a desired license came from, for provenance in plans
// and errors. On the target it is the ownership marker.
type Origin struct {
	Source   string `json:"source"`
	Platform string `json:"platform"`
	SourceID string `json:"sourceId,omitempty"`
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
}

// License is one Licentric license, desired (from a source) or current
// (from the target). Its identity is Key, byte for byte.
type License struct {
	Key                 Key
	Name                string
	Status              Status
	Product             string // product code
	Policy              string // policy config id
	UserEmail           string // personal data
	UserName            string // personal data
	ExpiresAt           *time.Time
	CreatedAt           *time.Time
	MaxMachinesOverride *int
	// Entitlements, when not nil, are the entitlement codes attached to
	// the license itself, sorted; in Licentric they replace the policy's
	// for this license. nil: the license has the policy's.
	Entitlements []string
	// Metadata is a canonical (sorted-key, compact) JSON object, "" for {}.
	// It includes the ownership marker on managed licenses.
	Metadata string
	Origin   Origin
}

// MarkerKey is the metadata key that marks a license, product or policy as
// managed by licentric-sync. Only marked resources are ever updated or
// deleted; a key found without it is a conflict (options.on_conflict).
const MarkerKey = "licentricSync"

// Marker is the ownership marker's value on a license.
type Marker struct {
	Source   string `json:"source"`
	Platform string `json:"platform"`
	SourceID string `json:"sourceId,omitempty"`
}

// MarkerOf reads the ownership marker out of canonical metadata.
func MarkerOf(metadata string) (Marker, bool) {
	if metadata == "" {
		return Marker{}, false
	}
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(metadata), &m) != nil {
		return Marker{}, false
	}
	raw, ok := m[MarkerKey]
	if !ok {
		return Marker{}, false
	}
	var mk Marker
	if json.Unmarshal(raw, &mk) != nil || mk.Source == "" {
		return Marker{}, false
	}
	return mk, true
}

// Snapshot is everything the target holds that a plan compares against.
type Snapshot struct {
	Products []Product
	Policies []PolicyState
	Licenses []License
}

// PolicyState is a policy as the target holds it, with whether it carries
// our marker (policies created by hand are never updated or deleted).
type PolicyState struct {
	Policy
	Managed bool
	// TargetID is the target's own id for the policy, used only to name
	// duplicates in messages (never compared or fingerprinted).
	TargetID string
}

// Clone returns a copy of l that shares nothing mutable with it (the
// time and override pointers are copied), for readers that reuse a License.
func Clone(l *License) License {
	c := *l
	if l.ExpiresAt != nil {
		t := *l.ExpiresAt
		c.ExpiresAt = &t
	}
	if l.CreatedAt != nil {
		t := *l.CreatedAt
		c.CreatedAt = &t
	}
	if l.MaxMachinesOverride != nil {
		v := *l.MaxMachinesOverride
		c.MaxMachinesOverride = &v
	}
	if l.Entitlements != nil {
		c.Entitlements = append([]string{}, l.Entitlements...)
	}
	return c
}
