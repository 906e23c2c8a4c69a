package cli

import (
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan/render"
)

// ShowCmd renders a saved plan. It still works when the plan is stale,
// with a warning naming what moved.
type ShowCmd struct {
	File          string `arg:"" name:"PLANFILE" help:"A plan saved with plan -o."`
	Format        string `enum:"text,markdown,json" default:"text" help:"Output format."`
	ShowSensitive bool   `name:"show-sensitive" help:"Show license keys, emails and names."`
}

// Run shows the plan.
func (c *ShowCmd) Run(e *env) error {
	p, err := readPlanFile(c.File)
	if err != nil {
		return err
	}
	stale := ""
	if cfg, err := e.loadConfig(); err == nil {
		if t, err := e.openTarget(cfg, readOnly); err == nil {
			defer t.Close()
			if fresh, err := e.computePlan(cfg, t); err == nil {
				fresh.seal()
				if moved := staleness(p, fresh.plan); moved != "" {
					stale = "this plan is stale: " + moved + "; applying it would be refused (exit 4)"
				}
			}
		}
	}
	e.warnSensitive(c.ShowSensitive)
	return render.Render(e.stdout, c.Format, p, render.Options{Redact: license.Redactor{Show: c.ShowSensitive}, Stale: stale})
}
