// Package compare decides whether the old platform and Licentric give a
// license the same answer. During the side-by-side weeks an app
// validates against both; what matters at cutover is not that the rows
// match but that no customer is locked out and no revoked license comes
// back. Pure: the answers come from the platforms' own checks (each
// descriptor's API.Validate) and Licentric's validate-key, asked by
// engine/compare.go; this package classifies, reads the app's
// validation log and renders the report.
package compare

import "fmt"

// Outcome is one platform's answer to "may this key be used?", reduced
// to what an app decides on. Platforms' codes explain; validity decides
// (Keygen pairs EXPIRED with valid=true under MAINTAIN_ACCESS).
type Outcome string

// The outcomes. Unknown is a transport error, a 429 or a 5xx: never
// counted as invalid, so an outage is not reported as a lockout.
const (
	Valid   Outcome = "valid"
	Invalid Outcome = "invalid"
	Unknown Outcome = "unknown"
)

// Class is how the two answers relate; the two disagreements are named
// by their consequence for customers.
type Class string

// The five classes a compared license falls into.
const (
	AgreeValid   Class = "agree-valid"
	AgreeInvalid Class = "agree-invalid"
	// LicentricBlocks: the old platform lets the customer in, Licentric
	// does not. At cutover this customer is locked out.
	LicentricBlocks Class = "licentric-blocks"
	// LicentricAllows: the old platform refuses, Licentric accepts. At
	// cutover a revoked, suspended or expired license comes back to life.
	LicentricAllows Class = "licentric-allows"
	// Undecided: either side could not answer; run again for these.
	Undecided Class = "unknown"
)

// Classes lists the classes in report order: disagreements first.
var Classes = []Class{LicentricBlocks, LicentricAllows, Undecided, AgreeInvalid, AgreeValid}

// Disagrees reports whether the class fails a compare run (exit 2).
// Unknown answers fail it too: a run that could not ask is not proof.
func (c Class) Disagrees() bool { return c != AgreeValid && c != AgreeInvalid }

// Decision is one row of the decision table: old answer × new answer.
type Decision struct {
	Old   Outcome `json:"old"`
	New   Outcome `json:"licentric"`
	Class Class   `json:"class"`
}

// Table is the whole decision table. It is the code's only source of
// truth: Classify reads it, and docs/compare-decisions.json is written
// from it (a test holds the file equal), for apps not written in Go.
var Table = []Decision{
	{Valid, Valid, AgreeValid},
	{Valid, Invalid, LicentricBlocks},
	{Valid, Unknown, Undecided},
	{Invalid, Valid, LicentricAllows},
	{Invalid, Invalid, AgreeInvalid},
	{Invalid, Unknown, Undecided},
	{Unknown, Valid, Undecided},
	{Unknown, Invalid, Undecided},
	{Unknown, Unknown, Undecided},
}

// Classify looks the pair up in Table; an outcome outside the three is a
// programming error in the caller's answer parsing.
func Classify(old, licentric Outcome) (Class, error) {
	for _, d := range Table {
		if d.Old == old && d.New == licentric {
			return d.Class, nil
		}
	}
	return "", fmt.Errorf("compare: no decision for old=%q licentric=%q", old, licentric)
}

// Fallback is what the migration guide's dual-run pattern does with a
// pair: "validate against Licentric first, fall back to the old platform
// when Licentric does not say valid". Held next to Table so the runbook
// can show the trap: an old platform that still says valid lets through a
// license revoked only in Licentric.
func Fallback(old, licentric Outcome) Outcome {
	if licentric == Valid {
		return Valid
	}
	return old
}
