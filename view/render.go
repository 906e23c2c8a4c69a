package view

import (
	"fmt"

	"github.com/licentric/licentric-sync/engine"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/mapping"
	"github.com/licentric/licentric-sync/plan/render"
	"io"
)

// Render writes one result of the run in the view's format.
func (c *Console) Render(out engine.Output) error {
	w, e := c.o.Stdout, c.o.Stderr
	switch o := out.(type) {
	case engine.PlanOutput:
		return c.plan(o)
	case engine.PlanSaved:
		_, err := fmt.Fprintf(e, "Saved the plan to %s; apply it with: %s\n", o.File, c.o.Hints.Apply(o.File))
		return err
	case engine.Validated:
		return validated(w, o)
	case engine.Applied:
		_, err := fmt.Fprintln(w, o.Result.Summary(o.Summary))
		return err
	case engine.Converged:
		_, err := fmt.Fprintln(w, "Checked: a fresh plan against the target is empty.")
		return err
	case engine.Explained:
		return explain(w, c.o.Format, o)
	case engine.Reviews:
		return mapping.WriteReviews(w, o, c.o.Format)
	case engine.Listed:
		return list(w, c.o.Format, o)
	case engine.Verified:
		return o.Report.Write(w, c.o.Format)
	case engine.Compared:
		return o.Report.Write(w, c.o.Format)
	case engine.KeyChecked:
		_, err := fmt.Fprintf(w, "%s: valid=%v code=%s (target: %s)\n", o.Ref, o.Answer.Valid, o.Answer.Code, o.Target)
		return err
	case engine.Pulled:
		devs := ""
		if o.DeviceNoun != "" {
			devs = fmt.Sprintf(", %d %s", o.Devices, o.DeviceNoun)
		}
		_, err := fmt.Fprintf(w, "Pulled %s: %s%s, %s (%s) into %s (files 0600).\n", o.Source, count(o.Licenses, "license", "licenses"),
			devs, count(o.Pages, "page", "pages"), count(o.Requests, "request", "requests"), o.Dir)
		return err
	case engine.PullDone:
		_, err := fmt.Fprintf(w, "Plan from it with: %s\n", c.o.Hints.Command("plan", "--snapshot", o.Out))
		return err
	case engine.WizardWritten:
		return c.wizardSteps(o)
	case engine.Scaffolded:
		return c.scaffolded(o)
	case engine.AccountKept:
		fmt.Fprintf(w, "Kept the account as read now: %d licenses (the view held %d).\n", o.After, o.Before)
		fmt.Fprintf(w, "Drift since the view (made outside licentric-sync: the dashboard, another tool): %d changed, %d new, %d gone.\n",
			o.Changed, o.Appeared, o.Gone)
		if o.OtherAccount && o.Before > 0 {
			fmt.Fprintln(w, "The view was read with another API key or URL; it now holds this account.")
		}
		return nil
	case engine.Serving:
		fmt.Fprintf(w, "Sandbox serving the Licentric API at http://%s/api/v1 (store %s, rate limit %d/min).\n", o.Addr, o.DB, o.RateLimit)
		_, err := fmt.Fprintf(w, "Point a config at it with target: { licentric: { url: http://%s/api/v1 } } and LICENTRIC_API_KEY=lk_test_…\n", o.Addr)
		return err
	case engine.Schema:
		_, err := w.Write(o)
		return err
	}
	return fmt.Errorf("view: no rendering for %T", out)
}

// plan renders a plan in the view's format: a fresh one coloured where
// allowed, a saved one never.
func (c *Console) plan(o engine.PlanOutput) error {
	ro := render.Options{Redact: license.Redactor{Show: o.Show}, Seal: o.Seal, Blocked: o.Blocked, Stale: o.Stale,
		MaxLines: o.MaxLines, Summary: o.Summary, Apply: c.o.Hints.Apply(), Colour: c.o.Colour && !o.Saved}
	return render.Render(c.o.Stdout, c.format("text"), o.Plan, ro)
}

// format is the view's format, or def when the command has none.
func (c *Console) format(def string) string {
	if c.o.Format == "" {
		return def
	}
	return c.o.Format
}

func validated(w io.Writer, o engine.Validated) error {
	cfg := o.Config
	fmt.Fprintf(w, "%s is valid: %s, %s, %s, %s.\n", cfg.File, count(len(cfg.Products), "product", "products"),
		count(len(cfg.Policies), "policy", "policies"), count(len(cfg.Sources), "source", "sources"), count(len(o.Result.Licenses), "license", "licenses"))
	for _, d := range o.Result.Findings {
		fmt.Fprintf(w, "  %s: %s\n", d.Severity, d)
	}
	return nil
}
