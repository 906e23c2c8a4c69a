package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
)

// Text writes the terse terminal form: one line per change, field diffs
// indented under updates, diagnostics, then the summary line.
func Text(out io.Writer, p *plan.Plan, o Options) error {
	w := bufio.NewWriterSize(out, 64<<10)
	if o.Stale != "" {
		fmt.Fprintf(w, "WARNING: %s\n\n", license.Printable(o.Stale))
	}
	fmt.Fprintf(w, "Target: %s\n", target(p))
	if len(p.Only) > 0 {
		fmt.Fprintf(w, "Sources: only %s (--source)\n", license.Printable(strings.Join(p.Only, ", ")))
	}
	if len(p.Changes) > 0 {
		fmt.Fprintln(w)
	}
	if o.Summary {
		textCounts(w, p)
	}
	for i := 0; i < len(p.Changes) && !o.Summary; i++ {
		if o.MaxLines > 0 && i == o.MaxLines {
			fmt.Fprintf(w, "  … and %d more changes; run `licentric-sync plan` to see them all\n", len(p.Changes)-i)
			break
		}
		textChange(w, &p.Changes[i], o)
	}
	textDiagnostics(w, p, o)
	if len(o.Blocked) > 0 {
		fmt.Fprintln(w, "\nBLOCKED by safety thresholds; apply refuses this plan unless it is acknowledged:")
		for _, r := range o.Blocked {
			fmt.Fprintf(w, "  %s\n", license.Printable(r))
		}
		fmt.Fprintf(w, "After review, apply exactly this plan with: %s\n", o.ackCommand(p))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, p.Summary.Line())
	fmt.Fprintln(w, p.Estimate.Line())
	if p.Quota != nil {
		fmt.Fprintln(w, p.Quota.Line())
	}
	if p.Account != nil {
		fmt.Fprintln(w, p.Account.Line())
	}
	fmt.Fprintf(w, "Plan checksum: %s\n", o.checksum(p))
	return w.Flush()
}

func textChange(w *bufio.Writer, c *plan.Change, o Options) {
	w.WriteString("  ")
	w.WriteString(o.paint(symbol(c.Action)))
	w.WriteByte(' ')
	w.WriteString(verb(c))
	w.WriteByte(' ')
	w.WriteString(string(c.Kind))
	w.WriteByte(' ')
	w.WriteString(license.Printable(identity(c, o.Redact)))
	if c.Action == plan.Create || c.Action == plan.Delete {
		w.WriteString("  ")
		w.WriteString(license.Printable(summaryOf(c, o.Redact)))
	}
	if at := origin(c); at != "" {
		w.WriteString("  (")
		w.WriteString(license.Printable(at))
		w.WriteByte(')')
	}
	w.WriteByte('\n')
	if c.Reason != "" && c.Action != plan.Create {
		fmt.Fprintf(w, "      # %s\n", license.Printable(c.Reason))
	}
	if c.Action == plan.Create || c.Action == plan.Delete {
		return
	}
	for _, f := range c.Fields {
		if f.Sensitivity == "" && multiline(f.Before, f.After) {
			fmt.Fprintf(w, "      %s:\n%s", license.Printable(f.Field), lineDiff(f.Before, f.After, "        "))
			continue
		}
		w.WriteString(fieldLine("      ", f, o.Redact))
	}
}

// textCounts writes one line per kind with changes: what --summary shows
// instead of the change lines.
func textCounts(w *bufio.Writer, p *plan.Plan) {
	for _, k := range []plan.Kind{plan.KindProduct, plan.KindPolicy, plan.KindLicense} {
		var parts []string
		for _, a := range summaryActions {
			if n := p.Summary.ByKind[k][a]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, a))
			}
		}
		if len(parts) > 0 {
			fmt.Fprintf(w, "  %s: %s\n", kindPlural[k], strings.Join(parts, ", "))
		}
	}
}

var kindPlural = map[plan.Kind]string{plan.KindProduct: "products", plan.KindPolicy: "policies", plan.KindLicense: "licenses"}

func textDiagnostics(w *bufio.Writer, p *plan.Plan, o Options) {
	for _, sev := range []plan.Severity{plan.Error, plan.Warning, plan.Note} {
		first := true
		for _, d := range p.Diagnostics {
			if d.Severity != sev {
				continue
			}
			if first {
				fmt.Fprintf(w, "\n%s:\n", headings[sev])
				first = false
			}
			fmt.Fprintf(w, "  %s\n", license.Printable(d.Shown(o.Redact.Show).String()))
		}
	}
}

var headings = map[plan.Severity]string{plan.Error: "Errors", plan.Warning: "Warnings", plan.Note: "Notes"}
