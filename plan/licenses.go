package plan

import (
	"fmt"
	"time"

	"github.com/licentric/licentric-sync/license"
)

// licenseChanges merge-joins the sorted desired licenses with the current
// stream by key; it returns the changes and the number of current licenses.
func licenseChanges(desired []license.License, cur Current, opts Options, p *Plan, fp *fingerprinter) ([]Change, int, error) {
	license.SortLicenses(desired)
	out := make([]Change, 0, max(16, len(desired)-cur.Count))
	i, n := 0, 0
	var alone leftAlone
	var cache ownerCache
	defer func() { p.Diagnostics = append(p.Diagnostics, alone.notes()...) }()
	err := cur.Licenses(func(have *license.License) error {
		n++
		fp.add(have)
		for i < len(desired) && desired[i].Key < have.Key {
			out = append(out, Change{Kind: KindLicense, Action: Create, ID: string(desired[i].Key), License: &desired[i]})
			i++
		}
		if i < len(desired) && desired[i].Key == have.Key {
			if c, ok := compareLicense(&desired[i], have, opts, p, &cache); ok {
				out = append(out, c)
			}
			i++
			return nil
		}
		own, counts := cache.of(have, opts, p.Sources)
		switch own {
		case ownOther:
			alone.foreign = alone.add(alone.foreign, foreignOwner(have.Origin))
		case ownUnselected:
			alone.unselected = alone.add(alone.unselected, have.Origin.Source)
		case ownThis:
			p.held(counts)
			if !opts.Prune {
				alone.gone = alone.add(alone.gone, have.Origin.Source)
				return nil
			}
			gone := license.Clone(have)
			out = append(out, Change{Kind: KindLicense, Action: Delete, ID: string(have.Key),
				License: &gone, Reason: "source " + have.Origin.Source + " no longer has this license (prune)"})
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	for ; i < len(desired); i++ {
		out = append(out, Change{Kind: KindLicense, Action: Create, ID: string(desired[i].Key), License: &desired[i]})
	}
	return out, n, nil
}

func managed(l *license.License) bool { return l.Origin.Source != "" }

// held counts a license of this config's sources in the target.
func (p *Plan) held(counts *SourceCount) {
	p.Managed[KindLicense]++
	if counts != nil {
		counts.Held++
	}
}

// compareLicense decides what to do with a key both sides have. A key
// held without our marker, or with the marker of a source this config does
// not have, is a conflict resolved by options.on_conflict.
func compareLicense(want, have *license.License, opts Options, p *Plan, cache *ownerCache) (Change, bool) {
	adopt := false
	own, counts := cache.of(have, opts, p.Sources)
	switch own {
	case ownThis:
		p.held(counts)
	default:
		var ok bool
		if adopt, ok = resolveConflict(want, have, own, opts, p); !ok {
			return Change{}, false
		}
	}
	fs := licenseFields(want, have)
	action, err := license.Transition(have.Status, want.Status)
	if err != nil {
		p.Diagnostics = append(p.Diagnostics, Diagnostic{Severity: Warning, Ref: want.Key.Ref(), Where: Where(want.Origin),
			Message: err.Error() + "; the status is left as it is"})
	} else if action != "" {
		fs = append([]FieldDiff{{Field: "status", Before: string(have.Status), After: string(want.Status)}}, fs...)
	}
	if adopt && !managed(have) {
		fs = diffField(fs, "owner", "", owner(want.Origin))
	}
	if len(fs) == 0 {
		return Change{}, false
	}
	c := Change{Kind: KindLicense, Action: Update, ID: string(want.Key), Fields: fs, License: want, StatusAction: action, Adopt: adopt}
	if action != "" && len(fs) == 1 {
		c.Action = Action(action)
	}
	if adopt {
		c.Reason = "adopting a license that exists without our marker (on_conflict: adopt)"
		if opts.AdoptKeys[want.Key] {
			c.Reason = "adopting a license listed in options.adopt_keys_file"
		}
	}
	return c, true
}

// resolveConflict decides about a key the target holds that this plan
// does not own: adopted when options.adopt_keys_file lists it, else as
// options.on_conflict says. ok false leaves the key alone, with a note
// (skip) or an error (fail).
func resolveConflict(want, have *license.License, own ownership, opts Options, p *Plan) (adopt, ok bool) {
	if opts.AdoptKeys[want.Key] {
		return true, true
	}
	whose := "was not created by licentric-sync"
	switch {
	case own == ownUnselected:
		whose = "belongs to source " + have.Origin.Source + ", which --source did not select (plan without --source to move it)"
	case managed(have):
		whose = "belongs to source " + foreignOwner(have.Origin) + ", which is not in this config"
	}
	switch opts.OnConflict {
	case "skip":
		p.Diagnostics = append(p.Diagnostics, Diagnostic{Severity: Note, Ref: want.Key.Ref(), Where: Where(want.Origin),
			Message: "key already exists in the target and " + whose + "; skipped (on_conflict: skip)"})
		return false, false
	case "adopt":
		return true, true
	}
	p.Diagnostics = append(p.Diagnostics, Diagnostic{Severity: Error, Ref: want.Key.Ref(), Where: Where(want.Origin),
		Message: "key already exists in the target but " + whose + "; set options.on_conflict to skip or adopt, or list the key in options.adopt_keys_file"})
	return false, false
}

// licenseFields lists field differences other than status. Equal values
// are detected without formatting, so a no-op plan over a million
// licenses allocates nothing here.
func licenseFields(want, have *license.License) []FieldDiff {
	var fs []FieldDiff
	fs = diffField(fs, "name", have.Name, want.Name)
	fs = diffField(fs, "product", have.Product, want.Product)
	fs = diffField(fs, "policy", have.Policy, want.Policy)
	fs = diffField(fs, "userEmail", have.UserEmail, want.UserEmail)
	fs = diffField(fs, "userName", have.UserName, want.UserName)
	if !sameTime(have.ExpiresAt, want.ExpiresAt) {
		fs = diffField(fs, "expiresAt", license.FormatTime(have.ExpiresAt), license.FormatTime(want.ExpiresAt))
	}
	if !sameInt(have.MaxMachinesOverride, want.MaxMachinesOverride) {
		fs = diffField(fs, "maxMachinesOverride", optInt(have.MaxMachinesOverride), optInt(want.MaxMachinesOverride))
	}
	fs = diffField(fs, "metadata", have.Metadata, want.Metadata)
	if !license.SameEntitlements(have.Entitlements, want.Entitlements) {
		fs = diffField(fs, "entitlements", license.EntitlementText(have.Entitlements), license.EntitlementText(want.Entitlements))
	}
	if managed(have) && (have.Origin.Source != want.Origin.Source || have.Origin.Platform != want.Origin.Platform ||
		have.Origin.SourceID != want.Origin.SourceID) {
		fs = diffField(fs, "owner", owner(have.Origin), owner(want.Origin))
	}
	return fs
}

// Differences names the fields in which the target's license differs from
// the desired one, by the same rules the planner uses (metadata compared
// whole, the ownership marker included), so a clean verify and an empty
// plan mean the same thing for a license.
func Differences(want, have *license.License) []string {
	var out []string
	if want.Status != have.Status {
		out = append(out, "status")
	}
	for _, f := range licenseFields(want, have) {
		out = append(out, f.Field)
	}
	return out
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

func sameInt(a, b *int) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// owner renders the ownership marker compactly: source/platform/row id.
func owner(o license.Origin) string {
	return fmt.Sprintf("%s (%s) %s", o.Source, o.Platform, o.SourceID)
}

// Where renders an origin's position, file:line, for messages.
func Where(o license.Origin) string {
	if o.File == "" {
		return ""
	}
	if o.Line == 0 {
		return o.File
	}
	return o.At()
}
