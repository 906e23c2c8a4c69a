package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/plan/render"
)

// PlanCmd computes and shows a plan. It never writes to the target.
type PlanCmd struct {
	Out              string `short:"o" name:"out" placeholder:"PLANFILE" help:"Save the plan for apply PLANFILE (mode 0600: it holds keys)."`
	Format           string `enum:"text,markdown,json" default:"text" help:"Output format: text, markdown (PR comment) or json."`
	DetailedExitcode bool   `name:"detailed-exitcode" help:"Exit 2 when there are changes, 0 when there are none."`
	ShowSensitive    bool   `name:"show-sensitive" help:"Show license keys, emails and names instead of references."`
	Explain          string `name:"explain" placeholder:"REF" help:"Show where every field of one license came from (REF is key:xxxxxxxx from a plan)."`
}

// Run plans.
func (c *PlanCmd) Run(e *env) error {
	if c.Explain != "" {
		return e.explain(e.stdout, c.Explain, c.ShowSensitive)
	}
	cfg, t, err := e.readTarget()
	if err != nil {
		return err
	}
	defer t.Close()
	pc, err := e.computePlan(cfg, t)
	if err != nil {
		return err
	}
	p := pc.plan
	e.warnSensitive(c.ShowSensitive)
	if err := render.Render(e.stdout, c.Format, p, render.Options{Redact: license.Redactor{Show: c.ShowSensitive}, Seal: pc.seal}); err != nil {
		return err
	}
	if err := planErrors(p); err != nil {
		return err
	}
	if c.Out != "" {
		if err := writePlanFile(c.Out, p, pc.seal()); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "Saved the plan to %s; apply it with: licentric-sync apply %s\n", c.Out, c.Out)
	}
	if reasons := p.Blocked(thresholds(cfg)); len(reasons) > 0 {
		return &exitError{code: ExitBlocked, err: fmt.Errorf("the plan is blocked by safety thresholds:\n  %s\nReview it; apply it with: licentric-sync apply --ack %s",
			strings.Join(reasons, "\n  "), pc.seal())}
	}
	if c.DetailedExitcode && !p.Empty() {
		return &exitError{code: ExitChanges}
	}
	return nil
}

func (e *env) warnSensitive(show bool) {
	if show && os.Getenv("CI") != "" {
		fmt.Fprintln(e.stderr, "WARNING: --show-sensitive in CI: license keys, emails and names are printed in clear and will stay in the CI log.")
	}
}

// writePlanFile writes a plan file readable by its owner only.
func writePlanFile(path string, p *plan.Plan, checksum string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("plan file %s: %w", path, err)
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("plan file %s: %w", path, err)
	}
	if err := plan.Write(f, p, checksum); err != nil {
		f.Close()
		return fmt.Errorf("plan file %s: %w", path, err)
	}
	return f.Close()
}

func readPlanFile(path string) (*plan.Plan, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("plan file %s: %w", path, err)
	}
	defer f.Close()
	p, err := plan.Read(f)
	if err != nil {
		return nil, fmt.Errorf("plan file %s: %w", path, err)
	}
	return p, nil
}

// readPlanHeader reads a plan file's header and checks the file's
// integrity without keeping its changes.
func readPlanHeader(path string) (*plan.Plan, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", fmt.Errorf("plan file %s: %w", path, err)
	}
	defer f.Close()
	p, sum, err := plan.ReadHeader(f)
	if err != nil {
		return nil, "", fmt.Errorf("plan file %s: %w", path, err)
	}
	return p, sum, nil
}
