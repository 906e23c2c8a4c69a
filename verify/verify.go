// Package verify proves a migration: every license the sources describe
// must exist in the target with the same status, policy, product, expiry,
// holder, machine limit, metadata and owner (the planner's own comparison,
// plan.Differences); managed licenses the sources
// no longer have are reported; and a seeded sample of keys per status is
// run through the target's validate-key, whose codes must match what the
// status implies. Comparison and sampling are pure; the caller supplies
// the validate-key call.
package verify

import (
	"fmt"
	"sort"
	"strings"

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

// Compare checks every desired license against the target's, streamed
// in key order, so a million licenses are compared without holding the
// target. desired is sorted by key in place.
func Compare(desired []license.License, cur plan.Current) (problems []Problem, matched int, err error) {
	license.SortLicenses(desired)
	i := 0
	missing := func(d *license.License) Problem {
		return Problem{Kind: "missing", Ref: d.Key.Ref(), Where: plan.Where(d.Origin), Detail: "in the source but not in the target; run apply"}
	}
	err = cur.Licenses(func(have *license.License) error {
		for ; i < len(desired) && desired[i].Key < have.Key; i++ {
			problems = append(problems, missing(&desired[i]))
		}
		if i == len(desired) || desired[i].Key != have.Key {
			if have.Origin.Source != "" {
				problems = append(problems, Problem{Kind: "extra", Ref: have.Key.Ref(),
					Detail: fmt.Sprintf("managed by source %s but no source has it any more (prune would delete it)", have.Origin.Source)})
			}
			return nil
		}
		want := &desired[i]
		i++
		if fields := plan.Differences(want, have); len(fields) > 0 {
			problems = append(problems, Problem{Kind: "different", Ref: want.Key.Ref(), Where: plan.Where(want.Origin),
				Fields: fields, Detail: "the target differs from the source in: " + strings.Join(fields, ", ")})
			return nil
		}
		matched++
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	for ; i < len(desired); i++ {
		problems = append(problems, missing(&desired[i]))
	}
	return problems, matched, nil
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
