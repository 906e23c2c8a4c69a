package cli

import (
	"fmt"

	"github.com/licentric/licentric-sync/engine"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/plan/render"
)

// ShowCmd renders a saved plan offline. With --check it also plans afresh
// against the target and says whether the saved plan is stale.
type ShowCmd struct {
	ConfigFlag
	File          string `arg:"" name:"PLANFILE" help:"A plan saved with plan -o."`
	Format        string `placeholder:"FORMAT" enum:"text,markdown,json" default:"text" help:"Output format."`
	ShowSensitive bool   `name:"show-sensitive" help:"Show license keys, emails and names."`
	Check         bool   `help:"Also read the sources and the target (with -c) and warn when the plan is stale. Without it, show never contacts the target."`
}

// Run shows the plan.
func (c *ShowCmd) Run(e *env) error {
	p, err := readPlanFile(c.File)
	if err != nil {
		return err
	}
	stale := ""
	if c.Check {
		if stale, err = e.staleness(p); err != nil {
			return fmt.Errorf("show --check: %w", err)
		}
	}
	e.warnSensitive(c.ShowSensitive)
	return render.Render(e.stdout, c.Format, p, render.Options{Redact: license.Redactor{Show: c.ShowSensitive}, Stale: stale})
}

// staleness plans afresh and names what moved since the saved plan.
func (e *env) staleness(saved *plan.Plan) (string, error) {
	eng, t, err := e.readTarget()
	if err != nil {
		return "", err
	}
	defer t.Close()
	fresh, err := eng.Plan(e.ctx, t)
	if err != nil {
		return "", err
	}
	if moved := engine.Staleness(saved, fresh.Plan); moved != "" {
		return "this plan is stale: " + moved + "; applying it would be refused (exit 4)", nil
	}
	return "", nil
}
