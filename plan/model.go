// Package plan computes the difference between the desired Licentric state
// (config plus sources through the mapping) and what a target holds, as
// plain data: a Plan can be rendered, saved to a file, read back and
// applied. It never does I/O and never imports providers.
//
// # Rules
//
//   - Identities: product = code, policy = config id, license = key,
//     byte for byte.
//   - Only resources carrying the ownership marker are updated or deleted;
//     a key held by the target without the marker is a conflict, resolved by
//     options.on_conflict (fail, skip, adopt).
//   - Deletes happen only with prune, and only for marked licenses.
//   - A status change the target's lifecycle forbids (revoked → active) is
//     reported as a warning and never attempted.
//   - Changes are sorted: kind (product, policy, license), then identity.
package plan

import (
	"strings"

	"github.com/licentric/licentric-sync/license"
)

// FormatVersion is the version of the plan data model and its JSON form.
const FormatVersion = "1"

// Kind is the type of resource a change touches.
type Kind string

// The resource kinds, in apply order.
const (
	KindProduct Kind = "product"
	KindPolicy  Kind = "policy"
	KindLicense Kind = "license"
)

// Action is what a change does. Status actions apply to licenses only.
type Action string

// The actions.
const (
	Create    Action = "create"
	Update    Action = "update"
	Delete    Action = "delete"
	Suspend   Action = Action(license.Suspend)
	Reinstate Action = Action(license.Reinstate)
	Revoke    Action = Action(license.Revoke)
	Expire    Action = Action(license.Expire)
)

// Sensitivity classes decide how a renderer shows a value.
const (
	Public = ""
	Secret = "secret" // license keys
	PII    = "pii"    // emails and names
)

// FieldDiff is one field whose value changes, in Licentric's field names.
type FieldDiff struct {
	Field       string `json:"field"`
	Before      string `json:"before"`
	After       string `json:"after"`
	Sensitivity string `json:"sensitivity,omitempty"`
}

// Change is one operation on the target.
type Change struct {
	Kind   Kind   `json:"kind"`
	Action Action `json:"action"`
	// ID is the identity: product code, policy id or license key. For a
	// license it is the raw key; renderers redact it.
	ID string `json:"id"`
	// StatusAction is the lifecycle call to make after any field update.
	StatusAction license.StatusAction `json:"status_action,omitempty"`
	Fields       []FieldDiff          `json:"fields,omitempty"`
	Reason       string               `json:"reason,omitempty"`
	// Adopt marks an update that takes over a license we did not create
	// (options.on_conflict: adopt): the marker is written.
	Adopt   bool             `json:"adopt,omitempty"`
	Product *license.Product `json:"-"`
	Policy  *license.Policy  `json:"-"`
	// License is the desired license (create, update, status) or the
	// current one (delete).
	License *license.License `json:"-"`
}

// Severity grades a diagnostic: errors stop the plan, warnings are shown
// for review, notes inform.
type Severity string

// The severities.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Note    Severity = "note"
)

// Diagnostic is a finding about the plan that is not itself a change.
type Diagnostic struct {
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	// Ref is the redacted license reference the diagnostic is about, if any.
	Ref string `json:"ref,omitempty"`
	// Where is the source position (file:line) it came from, if any.
	Where string `json:"where,omitempty"`
	// More, on the summary line of a group of identical findings (Group),
	// is how many further findings it stands for.
	More int `json:"more,omitempty"`
	// Hidden pairs each reference in Message or Ref with the value it
	// stands for (a device's fingerprint, a license key), for output
	// under --show-sensitive (Shown). It is never saved nor checksummed:
	// a plan is the same plan with or without the flag, and a saved plan
	// cannot reveal it later to someone who did not ask.
	Hidden []Hidden `json:"-"`
}

// Hidden is one sensitive value a diagnostic names by reference.
type Hidden struct{ Ref, Value string }

// Shown is the diagnostic as output shows it: with show
// (--show-sensitive) every reference in Hidden replaced by its value,
// else as it is.
func (d Diagnostic) Shown(show bool) Diagnostic {
	if !show {
		return d
	}
	for _, h := range d.Hidden {
		d.Message = strings.ReplaceAll(d.Message, h.Ref, h.Value)
		if d.Ref == h.Ref {
			d.Ref = h.Value
		}
	}
	d.Hidden = nil
	return d
}

// Input is one file the plan was computed from, with its digest, so a saved
// plan can tell that its inputs moved.
type Input struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// Estimate is the cost of applying the plan against the target's limits:
// every request apply makes, by phase.
type Estimate struct {
	// Requests is the total: Read + Write + Check.
	Requests int `json:"requests"`
	// Read is the target read apply starts with; the plan made the same.
	Read int `json:"read,omitempty"`
	// Write is the requests that change the target, Imports of them the
	// batched license creates.
	Write   int `json:"write,omitempty"`
	Imports int `json:"imports,omitempty"`
	// Check is the closing re-read that proves a fresh plan is empty.
	Check   int     `json:"check,omitempty"`
	Seconds float64 `json:"seconds"`
	// PerMinute is the rate limit the estimate assumes (0: none).
	PerMinute int `json:"per_minute"`
}

// Plan is the whole reviewed unit: what will change, and against what.
type Plan struct {
	FormatVersion string `json:"format_version"`
	ToolVersion   string `json:"tool_version"`
	Target        string `json:"target"`
	// TargetAsOf says what the target was read from when it was not read
	// now: "target as read at … + N writes since" (a kept view). It is
	// shown in the header, never saved: a saved plan is checked against
	// the account itself.
	TargetAsOf *ViewRead `json:"-"`
	// Quota is what this run and this month cost in requests, shown
	// under the estimate and, like TargetAsOf, never saved or checksummed.
	Quota             *Requests    `json:"-"`
	Inputs            []Input      `json:"inputs"`
	TargetFingerprint string       `json:"target_fingerprint"`
	Changes           []Change     `json:"changes"`
	Diagnostics       []Diagnostic `json:"diagnostics"`
	Summary           Summary      `json:"summary"`
	Estimate          Estimate     `json:"estimate"`
	// Managed counts the resources the target already holds with our
	// marker, per kind: the base for safety percentages.
	Managed map[Kind]int `json:"managed"`
	// Sources counts, per source of this config, the licenses it yields
	// and those the target holds marked as its own: a source that shrinks
	// is a safety event.
	Sources map[string]*SourceCount `json:"sources,omitempty"`
	// Prune records options.prune, which decides how far a source may
	// shrink before the plan is blocked.
	Prune bool `json:"prune,omitempty"`
	// Account is the account's use against its caps, when they are known.
	Account *AccountUse `json:"account,omitempty"`
	// Only names the sources --source selected (nil: all): the plan covers
	// only their licenses, and a saved plan applies only with the same.
	Only []string `json:"only,omitempty"`
}

// SourceCount is what one source yields against what the target holds
// from it.
type SourceCount struct {
	Desired int `json:"desired"`
	Held    int `json:"held"`
}

// String is "where: ref: message", the one form every output uses.
func (d Diagnostic) String() string {
	s := ""
	if d.Where != "" {
		s += d.Where + ": "
	}
	if d.Ref != "" {
		s += d.Ref + ": "
	}
	return s + d.Message
}

// Ref is the change's identity safe for messages: a license key as its
// redacted reference, a product code or policy id as it is.
func (c *Change) Ref() string {
	if c.Kind == KindLicense {
		return license.Key(c.ID).Ref()
	}
	return c.ID
}

// HasErrors reports whether any diagnostic is an error.
func (p *Plan) HasErrors() bool {
	for _, d := range p.Diagnostics {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Empty reports whether the plan changes nothing.
func (p *Plan) Empty() bool { return len(p.Changes) == 0 }
