package cli

import (
	"fmt"
	"os"
	"time"

	"github.com/licentric/licentric-sync/gitignore"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan/render"
)

// PlanCmd computes and shows a plan. It never writes to the target.
type PlanCmd struct {
	ConfigFlag
	SnapshotFlag
	SourcesFlag
	Out              string `short:"o" name:"out" placeholder:"PLANFILE" help:"Save the plan for apply PLANFILE (mode 0600: it holds keys)."`
	Format           string `placeholder:"FORMAT" enum:"text,markdown,json" default:"text" help:"Output format: text, markdown (PR comment) or json."`
	DetailedExitcode bool   `name:"detailed-exitcode" help:"Exit 2 when there are changes, 0 when there are none."`
	Summary          bool   `name:"summary" help:"Counts per kind and action, findings and totals; no line per change (text and markdown)."`
	ShowSensitive    bool   `name:"show-sensitive" help:"Show license keys, emails and names instead of references."`
	Explain          string `name:"explain" placeholder:"REF" help:"Show where every field of one license came from (REF is key:xxxxxxxx from a plan)."`
	Refresh          bool   `name:"refresh" help:"Read the whole Licentric account now instead of its kept view."`
}

// Run plans.
func (c *PlanCmd) Run(e *env) error {
	if c.Explain != "" {
		return e.explain(e.stdout, c.Explain, c.Format, c.ShowSensitive)
	}
	eng, t, err := e.viewTarget(c.Refresh)
	if err != nil {
		return err
	}
	defer t.Close()
	eng.ShowSensitive = c.ShowSensitive
	pl, err := eng.Plan(e.ctx, t)
	e.report.finish()
	if err != nil {
		return err
	}
	if took := pl.Took.Total(); took >= slowRun {
		fmt.Fprintf(e.stderr, "Took %s: %s.\n", took.Round(time.Millisecond), pl.Took)
	}
	e.warnSensitive(c.ShowSensitive)
	ro := render.Options{Redact: license.Redactor{Show: c.ShowSensitive}, Seal: pl.Checksum, Blocked: eng.Blocked(pl),
		Apply: e.applyCommand(), Colour: e.colour(e.stdout), Summary: c.Summary}
	if err := render.Render(e.stdout, c.Format, pl.Plan, ro); err != nil {
		return err
	}
	if err := pl.ErrorsShown(); err != nil {
		return err
	}
	if c.Out != "" {
		if err := writePlanFile(c.Out, pl.Plan, pl.Checksum()); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "Saved the plan to %s; apply it with: %s\n", c.Out, e.applyCommand(c.Out))
		gitignore.Warn(e.stderr, c.Out, c.Out, "a saved plan")
	}
	if _, err := eng.CheckSafety(pl, ""); err != nil {
		return e.withExit(err)
	}
	if c.DetailedExitcode && !pl.Plan.Empty() {
		return &exitError{code: ExitChanges}
	}
	return nil
}

// slowRun is how long a plan must take before it reports its phases.
const slowRun = 5 * time.Second

func (e *env) warnSensitive(show bool) {
	if show && os.Getenv("CI") != "" {
		fmt.Fprintln(e.stderr, "WARNING: --show-sensitive in CI: license keys, emails and names are printed in clear and will stay in the CI log.")
	}
}
