package cli

import (
	"fmt"
	"io"

	"github.com/licentric/licentric-sync/engine"
	"github.com/licentric/licentric-sync/gitignore"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/privfile"
)

// WizardCSVCmd writes the plan's license creates as a CSV for Licentric's
// dashboard import wizard (Settings → Import Data → Upload CSV): the
// documented import path, for accounts where the import API is not
// available.
type WizardCSVCmd struct {
	ConfigFlag
	SnapshotFlag
	Out string `short:"o" name:"out" required:"" placeholder:"FILE" help:"The CSV to write (mode 0600: it holds license keys in clear, which is its purpose)."`
}

// Run writes the CSV and lists the products and policies to create first.
func (c *WizardCSVCmd) Run(e *env) error {
	eng, t, err := e.readTarget()
	if err != nil {
		return err
	}
	defer t.Close()
	pl, err := eng.Plan(e.ctx, t)
	e.report.finish()
	if err != nil {
		return err
	}
	if err := pl.Errors(); err != nil {
		return err
	}
	policies := map[string]license.Policy{}
	for _, p := range eng.Config.Policies {
		policies[p.ID] = p
	}
	n := 0
	err = privfile.Write(c.Out, func(w io.Writer) (err error) {
		n, err = engine.WizardCSV(w, pl.Plan, policies, e.stderr)
		return err
	})
	if err != nil {
		return fmt.Errorf("wizard-csv: %w", err)
	}
	gitignore.Warn(e.stderr, c.Out, c.Out, "the import wizard's CSV")
	e.wizardSteps(pl.Plan, n, c.Out)
	return nil
}

// wizardSteps tells the user what to do with the file, in the guide's
// order: the catalog first, then the upload, then verify.
func (e *env) wizardSteps(p *plan.Plan, n int, out string) {
	fmt.Fprintf(e.stdout, "Wrote %s: %s to create, with their keys in clear (the file's purpose; mode 0600: delete it after the upload).\n",
		out, count(n, "license", "licenses"))
	fmt.Fprintln(e.stdout, "1. Create these in the Licentric dashboard first (the import assigns licenses to existing policies):")
	any := false
	for i := range p.Changes {
		c := &p.Changes[i]
		switch {
		case c.Product != nil && c.Action == plan.Create:
			fmt.Fprintf(e.stdout, "   product %q (code %s)\n", c.Product.Name, c.Product.Code)
			any = true
		case c.Policy != nil && c.Action == plan.Create:
			limit := "unlimited machines"
			if c.Policy.MaxMachines != license.Unlimited {
				limit = fmt.Sprintf("max machines %d", c.Policy.MaxMachines)
			}
			fmt.Fprintf(e.stdout, "   policy %q of product %s, %s; metadata {\"%s\": {\"id\": %q}}\n", c.Policy.Name, c.Policy.Product, limit, license.MarkerKey, c.Policy.ID)
			any = true
		}
	}
	if !any {
		fmt.Fprintln(e.stdout, "   (nothing: every product and policy exists)")
	}
	fmt.Fprintf(e.stdout, "2. Settings → Import Data → Upload CSV: %s; review the auto-mapping and confirm.\n", out)
	fmt.Fprintf(e.stdout, "3. Prove the result: %s (and delete %s).\n", e.command("verify"), out)
}
