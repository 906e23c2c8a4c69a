package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
)

// CommentLimit is GitHub's maximum comment size; the markdown plan stays
// safely below it and says how much it left out.
const CommentLimit = 65536

// budget leaves room for the closing lines after details are cut.
const budget = CommentLimit - 4096

// Markdown writes a PR comment: the summary table first, then destructive
// and status changes, then everything else collapsed. It never exceeds
// the comment limit; what does not fit is counted in an explicit line.
func Markdown(w io.Writer, p *plan.Plan, o Options) error {
	var b strings.Builder
	b.WriteString("### licentric-sync plan\n\n")
	if o.Stale != "" {
		fmt.Fprintf(&b, "> [!WARNING]\n> %s\n\n", license.Printable(o.Stale))
	}
	if len(o.Blocked) > 0 {
		b.WriteString("> [!CAUTION]\n> **Blocked by safety thresholds**: apply refuses this plan unless it is acknowledged.\n")
		for _, r := range o.Blocked {
			fmt.Fprintf(&b, "> - %s\n", license.Printable(r))
		}
		fmt.Fprintf(&b, ">\n> After review, apply exactly this plan with `%s`\n\n", o.ackCommand(p))
	}
	fmt.Fprintf(&b, "Target: %s\n\n**%s**\n\n", target(p), p.Summary.Line())
	summaryTable(&b, p)
	var risky, rest []*plan.Change
	for i := range p.Changes {
		c := &p.Changes[i]
		if c.Action == plan.Delete || c.StatusAction != "" {
			risky = append(risky, c)
		} else {
			rest = append(rest, c)
		}
	}
	left := 0
	if len(risky) > 0 {
		b.WriteString("#### Deletions and status changes\n\n")
		left += lines(&b, risky, o, false)
	}
	if len(rest) > 0 {
		fmt.Fprintf(&b, "<details><summary>%d other changes</summary>\n\n", len(rest))
		left += lines(&b, rest, o, true)
		b.WriteString("</details>\n\n")
	}
	if left > 0 {
		fmt.Fprintf(&b, "**%d more changes not shown** (GitHub comments are limited to %d characters); run `licentric-sync show PLANFILE` for the full plan.\n\n", left, CommentLimit)
	}
	markdownDiagnostics(&b, p)
	fmt.Fprintf(&b, "%s\n\n", p.Estimate.Line())
	if p.Quota != "" {
		fmt.Fprintf(&b, "%s\n\n", license.Printable(p.Quota))
	}
	if p.Account != nil {
		fmt.Fprintf(&b, "%s\n\n", p.Account.Line())
	}
	fmt.Fprintf(&b, "Plan checksum: `%s`\n", o.checksum(p))
	_, err := io.WriteString(w, b.String())
	return err
}

func summaryTable(b *strings.Builder, p *plan.Plan) {
	if p.Empty() {
		return
	}
	actions := []plan.Action{plan.Create, plan.Update, plan.Delete, plan.Suspend, plan.Reinstate, plan.Revoke, plan.Expire}
	b.WriteString("| kind | create | update | delete | suspend | reinstate | revoke | expire |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, k := range []plan.Kind{plan.KindProduct, plan.KindPolicy, plan.KindLicense} {
		row := p.Summary.ByKind[k]
		fmt.Fprintf(b, "| %s |", k)
		for _, a := range actions {
			fmt.Fprintf(b, " %d |", row[a])
		}
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
}

// lines writes changes as a code block until the budget is spent and
// returns how many did not fit.
func lines(b *strings.Builder, cs []*plan.Change, o Options, _ bool) int {
	b.WriteString("```diff\n")
	for i, c := range cs {
		var one strings.Builder
		line := fmt.Sprintf("%s %s %s %s", symbol(c.Action), verb(c), c.Kind, license.Printable(identity(c, o.Redact)))
		if c.Action == plan.Create || c.Action == plan.Delete {
			line += "  " + license.Printable(summaryOf(c, o.Redact))
		}
		if at := origin(c); at != "" {
			line += "  (" + license.Printable(at) + ")"
		}
		one.WriteString(line + "\n")
		if c.Action != plan.Create && c.Action != plan.Delete {
			for _, f := range c.Fields {
				if f.Sensitivity == "" && multiline(f.Before, f.After) {
					fmt.Fprintf(&one, "    %s:\n%s", license.Printable(f.Field), lineDiff(f.Before, f.After, "    "))
					continue
				}
				one.WriteString(fieldLine("    ", f, o.Redact))
			}
		}
		if b.Len()+one.Len() > budget {
			b.WriteString("```\n\n")
			return len(cs) - i
		}
		b.WriteString(one.String())
	}
	b.WriteString("```\n\n")
	return 0
}

func markdownDiagnostics(b *strings.Builder, p *plan.Plan) {
	shown := 0
	for _, d := range p.Diagnostics {
		if shown == 0 {
			b.WriteString("#### Findings\n\n")
		}
		line := fmt.Sprintf("- **%s**: %s\n", license.Printable(string(d.Severity)), license.Printable(d.String()))
		if b.Len()+len(line) > budget+2048 {
			fmt.Fprintf(b, "- … %d more findings not shown\n", len(p.Diagnostics)-shown)
			break
		}
		b.WriteString(line)
		shown++
	}
	if shown > 0 {
		b.WriteByte('\n')
	}
}
