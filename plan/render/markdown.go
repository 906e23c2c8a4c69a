package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/mdcap"
	"github.com/licentric/licentric-sync/plan"
)

// CommentLimit is GitHub's maximum comment size; the markdown plan stays
// below it (mdcap) and says how much it left out.
const CommentLimit = mdcap.CommentLimit

// Markdown writes a PR comment: the summary table first, then destructive
// and status changes, then everything else collapsed. It never exceeds
// the comment limit; what does not fit is counted in an explicit line.
func Markdown(w io.Writer, p *plan.Plan, o Options) error {
	b := mdcap.New(mdcap.PRComment)
	b.WriteString("### licentric-sync plan\n\n")
	if o.Stale != "" {
		fmt.Fprintf(b, "> [!WARNING]\n> %s\n\n", license.Printable(o.Stale))
	}
	if len(o.Blocked) > 0 {
		b.WriteString("> [!CAUTION]\n> **Blocked by safety thresholds**: apply refuses this plan unless it is acknowledged.\n")
		for _, r := range o.Blocked {
			fmt.Fprintf(b, "> - %s\n", license.Printable(r))
		}
		fmt.Fprintf(b, ">\n> After review, apply exactly this plan with `%s`\n\n", o.ackCommand(p))
	}
	fmt.Fprintf(b, "Target: %s\n\n", target(p))
	if len(p.Only) > 0 {
		fmt.Fprintf(b, "Sources: only %s (`--source`)\n\n", license.Printable(strings.Join(p.Only, ", ")))
	}
	fmt.Fprintf(b, "**%s**\n\n", p.Summary.Line())
	summaryTable(b, p)
	var risky, rest []*plan.Change
	for i := 0; i < len(p.Changes) && !o.Summary; i++ {
		c := &p.Changes[i]
		if c.Action == plan.Delete || c.StatusAction != "" {
			risky = append(risky, c)
		} else {
			rest = append(rest, c)
		}
	}
	b.Hold(min(findingsSize(p), findingsRoom))
	if len(risky) > 0 {
		b.WriteString("#### Deletions and status changes\n\n")
		lines(b, risky, o, false)
	}
	if len(rest) > 0 {
		fmt.Fprintf(b, "<details><summary>%d other changes</summary>\n\n", len(rest))
		lines(b, rest, o, true)
		b.WriteString("</details>\n\n")
	}
	b.Cut("changes", "run `licentric-sync show PLANFILE` for the full plan")
	b.Release()
	markdownDiagnostics(b, p, o.Redact.Show)
	fmt.Fprintf(b, "%s\n\n", p.Estimate.Line())
	if p.Quota != nil {
		fmt.Fprintf(b, "%s\n\n", p.Quota.Line())
	}
	if p.Account != nil {
		fmt.Fprintf(b, "%s\n\n", p.Account.Line())
	}
	fmt.Fprintf(b, "Plan checksum: `%s`\n", o.checksum(p))
	_, err := io.WriteString(w, b.String())
	return err
}

// summaryActions are the columns of the counts, in this order everywhere.
var summaryActions = []plan.Action{plan.Create, plan.Update, plan.Delete, plan.Suspend, plan.Reinstate, plan.Revoke, plan.Expire}

func summaryTable(b *mdcap.Builder, p *plan.Plan) {
	if p.Empty() {
		return
	}
	actions := summaryActions
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

// lines writes changes as a code block until the cap is reached; the
// builder counts those that did not fit.
func lines(b *mdcap.Builder, cs []*plan.Change, o Options, _ bool) {
	b.WriteString("```diff\n")
	for _, c := range cs {
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
		b.Add(one.String())
	}
	b.WriteString("```\n\n")
}

// findingsRoom is what the findings keep when the changes fill the
// comment: errors and warnings matter more than the thousandth create.
const findingsRoom = 8192

// findingsSize is about what the findings take, with room for the lines
// that close the change sections and count what they left out.
func findingsSize(p *plan.Plan) int {
	if len(p.Diagnostics) == 0 {
		return 0
	}
	n := 512
	for _, d := range p.Diagnostics {
		n += len(d.Message) + len(d.Where) + len(d.Ref) + 16
	}
	return n
}

func markdownDiagnostics(b *mdcap.Builder, p *plan.Plan, show bool) {
	if len(p.Diagnostics) == 0 {
		return
	}
	b.WriteString("#### Findings\n\n")
	for _, d := range p.Diagnostics {
		b.Add(fmt.Sprintf("- **%s**: %s\n", license.Printable(string(d.Severity)), license.Printable(d.Shown(show).String())))
	}
	b.WriteByte('\n')
	b.Cut("findings", "run `licentric-sync plan` for all of them")
}
