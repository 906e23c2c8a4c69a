// Package render turns a plan into text for a terminal or CI log,
// markdown for a pull-request comment, or versioned JSON for machines. The
// three share one model and one redaction rule: license keys are secrets,
// emails and names are personal data, and each is shown as a stable short
// reference unless --show-sensitive was given.
package render

import (
	"fmt"
	"io"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
)

// Options are shared by every renderer.
type Options struct {
	Redact license.Redactor
	// Stale, when set, is a warning printed first (show of a stale plan).
	Stale string
	// Checksum is the plan checksum to print; computed if empty.
	Checksum string
	// MaxLines, when positive, bounds the change lines of the text form;
	// the rest are counted in one line (apply's preview of a huge plan).
	MaxLines int
	// Seal, when set, is called before anything needs the target
	// fingerprint or the checksum, and returns the checksum; the CLI
	// computes both in the background while rendering starts.
	Seal func() string
	// Blocked lists the safety thresholds the plan crosses, so every
	// format says so where reviewers look, not only the exit code.
	Blocked []string
	// Colour paints the text form's change symbols (+ ~ - !) for a
	// terminal; the CLI sets it unless NO_COLOR or --no-color.
	Colour bool
	// Summary leaves out the change lines (plan --summary): counts per
	// kind and action, findings, blocks and totals only, for a 200,000-
	// license plan read in a terminal or a CI log.
	Summary bool
	// Apply is the command that applies this plan as the user runs the
	// tool (with their -c), e.g. "licentric-sync apply"; the block's hint
	// appends "--ack CHECKSUM" to it.
	Apply string
}

// ackCommand is the pasteable command that accepts exactly this plan.
func (o *Options) ackCommand(p *plan.Plan) string {
	apply := o.Apply
	if apply == "" {
		apply = "licentric-sync apply"
	}
	return apply + " --ack " + o.checksum(p)
}

func (o *Options) checksum(p *plan.Plan) string {
	if o.Checksum == "" && o.Seal != nil {
		o.Checksum = o.Seal()
	}
	if o.Checksum == "" {
		o.Checksum = p.Checksum()
	}
	return o.Checksum
}

// Render writes a plan in the named format: text, markdown or json.
func Render(w io.Writer, format string, p *plan.Plan, o Options) error {
	switch format {
	case "", "text":
		return Text(w, p, o)
	case "markdown", "md":
		return Markdown(w, p, o)
	case "json":
		if o.Summary {
			return fmt.Errorf("--summary is for the text and markdown plans; the JSON plan's summary.by_kind has the counts")
		}
		return JSON(w, p, o)
	}
	return fmt.Errorf("unknown format %q: use text, markdown or json", format)
}

// identity shows a change's identity, redacting license keys.
func identity(c *plan.Change, r license.Redactor) string {
	if c.Kind == plan.KindLicense {
		return r.Key(license.Key(c.ID))
	}
	return c.ID
}

// value shows one side of a field diff by its sensitivity class.
func value(f plan.FieldDiff, v string, r license.Redactor) string {
	if v == "" {
		return "(none)"
	}
	switch f.Sensitivity {
	case plan.PII:
		if f.Field == "userName" {
			return r.Name(v)
		}
		return r.Email(v)
	case plan.Secret:
		return r.Key(license.Key(v))
	}
	if f.Field == "metadata" {
		return r.Metadata(v) // emails and keys inside it, by the same rules
	}
	return v
}

// fieldLine is one field diff of the text and markdown forms, "field:
// before → after", escaped for a terminal.
func fieldLine(indent string, f plan.FieldDiff, r license.Redactor) string {
	return indent + license.Printable(f.Field) + ": " + license.Printable(value(f, f.Before, r)) + " → " +
		license.Printable(value(f, f.After, r)) + "\n"
}

// target is the plan's Target for the text and markdown forms: without a
// URL's user:password@ and escaped for a terminal, with what the plan read
// it from when that was a kept view ("target as read at … + N writes since").
func target(p *plan.Plan) string {
	s := license.HideUserinfo(p.Target)
	if p.TargetAsOf != nil {
		s += " (" + p.TargetAsOf.Line() + ")"
	}
	return license.Printable(s)
}

// Colour escapes for the text form's change symbols on a terminal.
var symbolColour = map[string]string{"+": "\x1b[32m", "~": "\x1b[33m", "-": "\x1b[31m", "!": "\x1b[1;31m"}

// paint wraps a change symbol in its colour when o.Colour is set.
func (o *Options) paint(sym string) string {
	if !o.Colour {
		return sym
	}
	return symbolColour[sym] + sym + "\x1b[0m"
}

// symbol is the one-character marker of an action.
func symbol(a plan.Action) string {
	switch a {
	case plan.Create:
		return "+"
	case plan.Delete:
		return "-"
	case plan.Revoke:
		return "!" // irreversible in Licentric
	}
	return "~"
}

// verb names the action in a line: "suspend" for a status action.
func verb(c *plan.Change) string {
	if c.Action == plan.Update && c.StatusAction != "" {
		return "update+" + string(c.StatusAction)
	}
	return string(c.Action)
}

// summaryOf describes a created or deleted resource in a few words.
func summaryOf(c *plan.Change, r license.Redactor) string {
	switch {
	case c.Product != nil:
		return fmt.Sprintf("%q", c.Product.Name)
	case c.Policy != nil:
		s := fmt.Sprintf("%q, product %s, max machines %s", c.Policy.Name, c.Policy.Product, machines(c.Policy.MaxMachines))
		if len(c.Policy.Entitlements) > 0 {
			s += ", entitlements " + license.EntitlementText(c.Policy.Entitlements)
		}
		return s
	case c.License != nil:
		l := c.License
		s := l.Product + "/" + l.Policy + " " + string(l.Status)
		if l.UserEmail != "" {
			s += " " + r.Email(l.UserEmail)
		}
		if l.Entitlements != nil {
			s += ", entitlements " + license.EntitlementText(l.Entitlements)
		}
		return s
	}
	return ""
}

func machines(n int) string {
	if n == license.Unlimited {
		return "unlimited"
	}
	return fmt.Sprint(n)
}

// origin is where a license came from: file:line for a desired one, the
// owning source for one read from the target (a delete).
func origin(c *plan.Change) string {
	if c.License == nil {
		return ""
	}
	if o := c.License.Origin; o.File == "" && o.Source != "" {
		return "source " + o.Source
	}
	return plan.Where(c.License.Origin)
}
