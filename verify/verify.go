// Package verify proves a migration: every license the sources describe
// must exist in the target with the same status, policy, product, expiry,
// holder, machine limit and source metadata; managed licenses the sources
// no longer have are reported; and a seeded sample of keys per status is
// run through the target's validate-key, whose codes must match what the
// status implies. Comparison and sampling are pure; the caller supplies
// the validate-key call.
package verify

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
)

// Problem is one thing that does not match.
type Problem struct {
	Kind   string   `json:"kind"` // missing | different | extra | validation
	Ref    string   `json:"ref"`  // redacted key reference
	Where  string   `json:"where,omitempty"`
	Fields []string `json:"fields,omitempty"` // for "different": which fields
	Detail string   `json:"detail"`
}

// Compare checks every desired license against the target's. Both slices
// are sorted by key in place.
func Compare(desired, current []license.License) (problems []Problem, matched int) {
	license.SortLicenses(desired)
	license.SortLicenses(current)
	i, j := 0, 0
	for i < len(desired) || j < len(current) {
		switch {
		case j >= len(current) || (i < len(desired) && desired[i].Key < current[j].Key):
			d := &desired[i]
			problems = append(problems, Problem{Kind: "missing", Ref: d.Key.Ref(), Where: plan.Where(d.Origin),
				Detail: "in the source but not in the target; run apply"})
			i++
		case i >= len(desired) || current[j].Key < desired[i].Key:
			if c := &current[j]; c.Origin.Source != "" {
				problems = append(problems, Problem{Kind: "extra", Ref: c.Key.Ref(),
					Detail: fmt.Sprintf("managed by source %s but no source has it any more (prune would delete it)", c.Origin.Source)})
			}
			j++
		default:
			if fields := differences(&desired[i], &current[j]); len(fields) > 0 {
				problems = append(problems, Problem{Kind: "different", Ref: desired[i].Key.Ref(), Where: plan.Where(desired[i].Origin),
					Fields: fields, Detail: "the target differs from the source in: " + join(fields)})
			} else {
				matched++
			}
			i++
			j++
		}
	}
	return problems, matched
}

// differences names the fields that differ. Metadata matches when every
// key the source sets has the same value in the target (the target may
// hold more, such as our marker).
func differences(want, have *license.License) []string {
	var out []string
	check := func(name string, same bool) {
		if !same {
			out = append(out, name)
		}
	}
	check("status", want.Status == have.Status)
	check("policy", want.Policy == have.Policy)
	check("product", want.Product == have.Product)
	check("expiresAt", license.FormatTime(want.ExpiresAt) == license.FormatTime(have.ExpiresAt))
	check("userEmail", want.UserEmail == have.UserEmail)
	check("userName", want.UserName == have.UserName)
	check("name", want.Name == have.Name)
	check("maxMachinesOverride", optInt(want.MaxMachinesOverride) == optInt(have.MaxMachinesOverride))
	check("metadata", metadataIncluded(want.Metadata, have.Metadata))
	return out
}

func metadataIncluded(want, have string) bool {
	if want == "" {
		return true
	}
	var w, h map[string]any
	if json.Unmarshal([]byte(want), &w) != nil {
		return false
	}
	if have != "" && json.Unmarshal([]byte(have), &h) != nil {
		return false
	}
	for k, v := range w {
		a, _ := json.Marshal(v)
		b, _ := json.Marshal(h[k])
		if string(a) != string(b) {
			return false
		}
	}
	return true
}

func optInt(p *int) string {
	if p == nil {
		return ""
	}
	return fmt.Sprint(*p)
}

func join(ss []string) string {
	s := ""
	for i, x := range ss {
		if i > 0 {
			s += ", "
		}
		s += x
	}
	return s
}

// ExpectedCode is the validate-key code a license's status implies when it
// is validated without a fingerprint.
func ExpectedCode(st license.Status) string {
	switch st {
	case license.Active:
		return "VALID"
	case license.Suspended:
		return "SUSPENDED"
	case license.Expired:
		return "EXPIRED"
	case license.Revoked:
		return "REVOKED"
	case license.Banned:
		return "BANNED"
	}
	return ""
}

func sortProblems(ps []Problem) {
	order := map[string]int{"missing": 0, "different": 1, "validation": 2, "extra": 3}
	sort.SliceStable(ps, func(i, j int) bool { return order[ps[i].Kind] < order[ps[j].Kind] })
}
