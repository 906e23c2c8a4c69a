package plan

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/licentric/licentric-sync/license"
)

// Desired is the state the config and sources describe.
type Desired struct {
	Products []license.Product
	Policies []license.Policy
	Licenses []license.License
}

// Options steer Compute.
type Options struct {
	Prune      bool
	OnConflict string // fail | skip | adopt
	// AdoptKeys are keys to adopt whatever OnConflict says
	// (options.adopt_keys_file).
	AdoptKeys map[license.Key]bool
	// Target capabilities used for the request estimate.
	BatchSize         int
	RequestsPerMinute int
	PageSize          int // list page size; 0 for a local target
	// View is true when the target keeps a view of the account between
	// runs (see viewReads).
	View bool
	// NoRecheck is true when such a target writes without reading each
	// license first (target.licentric.recheck: false): no re-check is
	// counted.
	NoRecheck bool
	// Owners are the config's sources, name → platform. Only licenses
	// whose ownership marker names one of them are updated or pruned;
	// licenses marked by another config's sources are left alone and
	// counted. nil treats every marker as this config's (a single-config
	// target, as in the conformance suite).
	Owners map[string]string
	// Only, when set (--source), narrows the plan to these sources:
	// licenses marked by the config's other sources are left alone like
	// another config's, and only these sources count for safety.
	Only map[string]bool
	// Limits are the account's caps; when any is set the plan says where
	// the account stands and blocks an apply that would cross one.
	Limits Limits
}

// Current is the target's state as the planner reads it. Licenses are
// streamed in key order rather than held, so a plan against a million
// licenses keeps only the desired side in memory.
type Current struct {
	Products []license.Product
	Policies []license.PolicyState
	// Licenses calls fn for each license in key (byte) order; the pointer
	// is valid only during the call.
	Licenses func(fn func(*license.License) error) error
	// Count is how many licenses Licenses will yield, if known: a hint
	// that sizes the change list once instead of growing it.
	Count int
}

// FromSnapshot streams a snapshot's licenses, sorting them first.
func FromSnapshot(s *license.Snapshot) Current {
	return Current{Products: s.Products, Policies: s.Policies, Count: len(s.Licenses), Licenses: func(fn func(*license.License) error) error {
		license.SortLicenses(s.Licenses)
		for i := range s.Licenses {
			if err := fn(&s.Licenses[i]); err != nil {
				return err
			}
		}
		return nil
	}}
}

// Collect reads the whole stream into a snapshot, for callers that need
// every license at once (tests, the conflict check of an interrupted
// import). Planning itself never does this.
func (c Current) Collect() (*license.Snapshot, error) {
	s := &license.Snapshot{Products: c.Products, Policies: c.Policies, Licenses: make([]license.License, 0, c.Count)}
	err := c.Licenses(func(l *license.License) error {
		s.Licenses = append(s.Licenses, license.Clone(l))
		return nil
	})
	return s, err
}

// Compute diffs desired against current and fingerprints current on the
// way. It sorts the desired licenses in place and merge-joins them with
// the current stream, so it needs no map of a million keys.
func Compute(d Desired, cur Current, opts Options) (*Plan, error) {
	p := &Plan{FormatVersion: FormatVersion, Managed: map[Kind]int{}, Sources: sourceCounts(d.Licenses, opts), Prune: opts.Prune}
	fp := newFingerprinter(cur.Products, cur.Policies)
	p.Changes = append(p.Changes, productChanges(d.Products, cur.Products)...)
	p.Changes = append(p.Changes, policyChanges(d.Policies, cur.Policies, p)...)
	activeNow := 0
	counting := cur
	counting.Licenses = func(fn func(*license.License) error) error {
		return cur.Licenses(func(l *license.License) error {
			if counts(l.Status) {
				activeNow++
			}
			return fn(l)
		})
	}
	lc, n, err := licenseChanges(d.Licenses, counting, opts, p, fp)
	if err != nil {
		return nil, err
	}
	p.Changes = append(p.Changes, lc...)
	p.Diagnostics = Group(p.Diagnostics)
	p.TargetFingerprint = fp.sum()
	p.Summary = Summarize(p.Changes)
	p.Estimate = estimate(p, cur, n, opts)
	if opts.Limits != (Limits{}) {
		p.Account = accountUse(p, activeNow, opts.Limits)
	}
	return p, nil
}

func productChanges(desired, current []license.Product) []Change {
	byCode := make(map[string]license.Product, len(current))
	for _, c := range current {
		byCode[c.Code] = c
	}
	return catalogChanges(desired, byCode, diffProduct, func(p *license.Product) Change {
		return Change{Kind: KindProduct, ID: p.Code, Product: p}
	})
}

// diffProduct compares what the config says of a product; a key prefix
// the config leaves out keeps the account's.
func diffProduct(have, want license.Product) []FieldDiff {
	fs := diffField(nil, "name", have.Name, want.Name)
	if want.KeyPrefix != "" {
		fs = diffField(fs, "keyPrefix", have.KeyPrefix, want.KeyPrefix)
	}
	return fs
}

// catalogChanges is the one diff of products and policies: a create for
// each desired item the target lacks (by its change's ID), an update for
// each whose fields differ, in ID order.
func catalogChanges[T any](desired []T, have map[string]T, diff func(have, want T) []FieldDiff, change func(*T) Change) []Change {
	var out []Change
	for i := range desired {
		c := change(&desired[i])
		if h, ok := have[c.ID]; !ok {
			c.Action = Create
		} else if c.Fields = diff(h, desired[i]); len(c.Fields) > 0 {
			c.Action = Update
		} else {
			continue
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func policyChanges(desired []license.Policy, current []license.PolicyState, p *Plan) []Change {
	byID := make(map[string]license.Policy, len(current))
	copies := map[string][]string{} // config id → target ids, the one in use first
	for _, c := range current {
		if c.Managed {
			if _, dup := byID[c.ID]; !dup {
				byID[c.ID] = c.Policy // the first listed is the one in use
			}
			copies[c.ID] = append(copies[c.ID], c.TargetID)
			p.Managed[KindPolicy]++
		}
	}
	p.Diagnostics = append(p.Diagnostics, duplicatePolicies(copies)...)
	return catalogChanges(desired, byID, diffPolicy, func(pol *license.Policy) Change {
		return Change{Kind: KindPolicy, ID: pol.ID, Policy: pol}
	})
}

// duplicatePolicies warns of a policy the target holds more than once
// with our marker: a create that was repeated (a lost answer retried by
// an older version, or applies run at once). The plan uses the first.
func duplicatePolicies(copies map[string][]string) []Diagnostic {
	var out []Diagnostic
	for id, ts := range copies {
		if len(ts) < 2 {
			continue
		}
		msg := fmt.Sprintf("policy %s: the account holds %d copies of it (a create was repeated); this plan uses the oldest", id, len(ts))
		if ts[0] != "" {
			msg = fmt.Sprintf("policy %s: the account holds %d copies of it (a create was repeated): %s; this plan uses the oldest, %s",
				id, len(ts), strings.Join(ts, ", "), ts[0])
		}
		out = append(out, Diagnostic{Severity: Warning, Message: msg + ". Move any licenses off the others and delete them in the dashboard"})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Message < out[j].Message })
	return out
}

func diffPolicy(have, want license.Policy) []FieldDiff {
	var fs []FieldDiff
	fs = diffField(fs, "name", have.Name, want.Name)
	fs = diffField(fs, "product", have.Product, want.Product)
	fs = diffField(fs, "maxMachines", machines(have.MaxMachines), machines(want.MaxMachines))
	fs = diffField(fs, "durationDays", optInt(have.DurationDays), optInt(want.DurationDays))
	fs = diffField(fs, "entitlements", strings.Join(have.Entitlements, ", "), strings.Join(want.Entitlements, ", "))
	names := slices.Concat(slices.Collect(maps.Keys(have.Fields)), slices.Collect(maps.Keys(want.Fields)))
	slices.Sort(names)
	for _, k := range slices.Compact(names) {
		fs = diffField(fs, k, have.Fields[k], want.Fields[k])
	}
	return fs
}

func machines(n int) string {
	if n == license.Unlimited {
		return "unlimited"
	}
	return fmt.Sprint(n)
}

func optInt(p *int) string {
	if p == nil {
		return ""
	}
	return fmt.Sprint(*p)
}

func diffField(fs []FieldDiff, name, before, after string) []FieldDiff {
	if before == after {
		return fs
	}
	return append(fs, FieldDiff{Field: name, Before: before, After: after, Sensitivity: SensitivityOf(name)})
}

// SensitivityOf is a field's class by its name: the one rule the planner,
// the renderers and saved plans use. A plan file's own claim is never
// trusted, so removing it from a file cannot reveal an email.
func SensitivityOf(field string) string {
	switch field {
	case "userEmail", "userName":
		return PII
	case "key":
		return Secret
	}
	return Public
}
