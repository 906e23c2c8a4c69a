// Package verify proves a migration: every license the sources describe
// must exist in the target with the same status, policy, product, expiry,
// holder, machine limit, metadata and owner (the planner's own comparison,
// plan.Differences); managed licenses the sources
// no longer have are reported; and a seeded sample of keys per status is
// run through the target's validate-key, whose codes must match what the
// status implies. Comparison (Compare) and sampling (Sample) are pure
// functions of their inputs; Check is not: it runs the sample through
// the validate-key call the caller supplies (an HTTP request per key on a
// Licentric account), paced to the target's rate limit, so it waits and
// may count as uses on the target.
package verify

import (
	"fmt"
	"sort"
	"strings"
	"time"

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
	// more, on a group's summary line in text and markdown, is how many
	// problems it stands for.
	more int
}

// Comparison is what Compare found.
type Comparison struct {
	Problems []Problem
	Matched  int
	// Kept counts this config's licenses that left their source while
	// options.prune is false: the plan leaves them as they are and notes
	// it, so verify notes them too instead of calling them drift.
	Kept int
}

// Compare checks every desired license against the target's, streamed
// in key order, so a million licenses are compared without holding the
// target. desired is sorted by key in place. opts are the planner's: a
// target license no source has is a problem only if the plan would
// delete it (this config's, selected, prune on), so a clean verify and an
// empty plan mean the same thing.
func Compare(desired []license.License, cur plan.Current, opts plan.Options) (Comparison, error) {
	license.SortLicenses(desired)
	var c Comparison
	i := 0
	missing := func(d *license.License) Problem {
		return Problem{Kind: "missing", Ref: d.Key.Ref(), Where: plan.Where(d.Origin), Detail: "in the source but not in the target; run apply"}
	}
	err := cur.Licenses(func(have *license.License) error {
		for ; i < len(desired) && desired[i].Key < have.Key; i++ {
			c.Problems = append(c.Problems, missing(&desired[i]))
		}
		if i == len(desired) || desired[i].Key != have.Key {
			c.extra(have, opts)
			return nil
		}
		want := &desired[i]
		i++
		if fields := plan.Differences(want, have); len(fields) > 0 {
			c.Problems = append(c.Problems, Problem{Kind: "different", Ref: want.Key.Ref(), Where: plan.Where(want.Origin),
				Fields: fields, Detail: "the target differs from the source in: " + strings.Join(fields, ", ")})
			return nil
		}
		c.Matched++
		return nil
	})
	if err != nil {
		return Comparison{}, err
	}
	for ; i < len(desired); i++ {
		c.Problems = append(c.Problems, missing(&desired[i]))
	}
	return c, nil
}

// extra judges a target license no source has, as the planner does.
func (c *Comparison) extra(have *license.License, opts plan.Options) {
	switch {
	case !opts.Owns(have):
		// not ours (or not selected): the plan leaves it alone
	case opts.Prune:
		c.Problems = append(c.Problems, Problem{Kind: "extra", Ref: have.Key.Ref(),
			Detail: fmt.Sprintf("managed by source %s but no source has it any more; apply deletes it (options.prune: true)", have.Origin.Source)})
	default:
		c.Kept++
	}
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

// expectedAt is the code l should answer at now: its status's, except
// that an active license whose expiry is not after now answers EXPIRED,
// as Licentric decides (and the plan warned); why says so in a problem.
func expectedAt(l *license.License, now time.Time) (code, why string) {
	if l.Status == license.Active && l.ExpiresAt != nil && !l.ExpiresAt.After(now) {
		return "EXPIRED", " whose expiry has passed"
	}
	return ExpectedCode(l.Status), ""
}

func sortProblems(ps []Problem) {
	order := map[string]int{"missing": 0, "different": 1, "validation": 2, "extra": 3}
	sort.SliceStable(ps, func(i, j int) bool { return order[ps[i].Kind] < order[ps[j].Kind] })
}
