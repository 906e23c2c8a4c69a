package plan

import (
	"fmt"

	"github.com/licentric/licentric-sync/license"
)

// licenseChanges merge-joins desired and current licenses by key.
func licenseChanges(desired, current []license.License, opts Options, p *Plan) []Change {
	license.SortLicenses(desired)
	license.SortLicenses(current)
	out := make([]Change, 0, changeCapacity(desired, current))
	i, j := 0, 0
	for i < len(desired) || j < len(current) {
		switch {
		case j >= len(current) || (i < len(desired) && desired[i].Key < current[j].Key):
			out = append(out, Change{Kind: KindLicense, Action: Create, ID: string(desired[i].Key), License: &desired[i]})
			i++
		case i >= len(desired) || current[j].Key < desired[i].Key:
			if managed(&current[j]) {
				p.Managed[KindLicense]++
				if opts.Prune {
					out = append(out, Change{Kind: KindLicense, Action: Delete, ID: string(current[j].Key),
						License: &current[j], Reason: "no source has this license any more (prune)"})
				}
			}
			j++
		default:
			if c, ok := compareLicense(&desired[i], &current[j], opts, p); ok {
				out = append(out, c)
			}
			i++
			j++
		}
	}
	return out
}

func changeCapacity(desired, current []license.License) int {
	if n := len(desired) - len(current); n > 16 {
		return n
	}
	return 16
}

func managed(l *license.License) bool { return l.Origin.Source != "" }

// compareLicense decides what to do with a key both sides have.
func compareLicense(want, have *license.License, opts Options, p *Plan) (Change, bool) {
	adopt := false
	if managed(have) {
		p.Managed[KindLicense]++
	} else {
		switch opts.OnConflict {
		case "skip":
			p.Diagnostics = append(p.Diagnostics, Diagnostic{Severity: Note, Ref: want.Key.Ref(), Where: where(want.Origin),
				Message: "key already exists in the target without our marker; skipped (on_conflict: skip)"})
			return Change{}, false
		case "adopt":
			adopt = true
		default:
			p.Diagnostics = append(p.Diagnostics, Diagnostic{Severity: Error, Ref: want.Key.Ref(), Where: where(want.Origin),
				Message: "key already exists in the target but was not created by licentric-sync; set options.on_conflict to skip or adopt"})
			return Change{}, false
		}
	}
	fs := licenseFields(want, have)
	action, err := license.Transition(have.Status, want.Status)
	if err != nil {
		p.Diagnostics = append(p.Diagnostics, Diagnostic{Severity: Warning, Ref: want.Key.Ref(), Where: where(want.Origin),
			Message: err.Error() + "; the status is left as it is"})
	} else if action != "" {
		fs = append([]FieldDiff{{Field: "status", Before: string(have.Status), After: string(want.Status)}}, fs...)
	}
	if adopt {
		fs = diffField(fs, "owner", "", owner(want.Origin), Public)
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
	}
	return c, true
}

// licenseFields lists field differences other than status.
func licenseFields(want, have *license.License) []FieldDiff {
	var fs []FieldDiff
	fs = diffField(fs, "name", have.Name, want.Name, Public)
	fs = diffField(fs, "product", have.Product, want.Product, Public)
	fs = diffField(fs, "policy", have.Policy, want.Policy, Public)
	fs = diffField(fs, "userEmail", have.UserEmail, want.UserEmail, PII)
	fs = diffField(fs, "userName", have.UserName, want.UserName, PII)
	fs = diffField(fs, "expiresAt", license.FormatTime(have.ExpiresAt), license.FormatTime(want.ExpiresAt), Public)
	fs = diffField(fs, "maxMachinesOverride", optInt(have.MaxMachinesOverride), optInt(want.MaxMachinesOverride), Public)
	fs = diffField(fs, "metadata", have.Metadata, want.Metadata, Public)
	if managed(have) {
		fs = diffField(fs, "owner", owner(have.Origin), owner(want.Origin), Public)
	}
	return fs
}

// owner renders the ownership marker compactly: source/platform/row id.
func owner(o license.Origin) string {
	return fmt.Sprintf("%s (%s) %s", o.Source, o.Platform, o.SourceID)
}

func where(o license.Origin) string {
	if o.File == "" {
		return ""
	}
	if o.Line == 0 {
		return o.File
	}
	return fmt.Sprintf("%s:%d", o.File, o.Line)
}

// Where renders an origin's position, file:line, for messages.
func Where(o license.Origin) string { return where(o) }
