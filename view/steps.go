package view

import (
	"fmt"
	"strings"

	"github.com/licentric/licentric-sync/engine"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
)

// wizardSteps tells the user what to do with the wizard's CSV, in the
// guide's order: the catalog first, then the upload, then verify.
func (c *Console) wizardSteps(o engine.WizardWritten) error {
	w := c.o.Stdout
	fmt.Fprintf(w, "Wrote %s: %s to create, with their keys in clear (the file's purpose; mode 0600: delete it after the upload).\n",
		o.File, count(o.Licenses, "license", "licenses"))
	fmt.Fprintln(w, "1. Create these in the Licentric dashboard first (the import assigns licenses to existing policies):")
	any := false
	for i := range o.Plan.Changes {
		ch := &o.Plan.Changes[i]
		switch {
		case ch.Product != nil && ch.Action == plan.Create:
			fmt.Fprintf(w, "   product %q (code %s)\n", ch.Product.Name, ch.Product.Code)
			any = true
		case ch.Policy != nil && ch.Action == plan.Create:
			limit := "unlimited machines"
			if ch.Policy.MaxMachines != license.Unlimited {
				limit = fmt.Sprintf("max machines %d", ch.Policy.MaxMachines)
			}
			fmt.Fprintf(w, "   policy %q of product %s, %s; metadata {\"%s\": {\"id\": %q}}\n", ch.Policy.Name, ch.Policy.Product, limit, license.MarkerKey, ch.Policy.ID)
			any = true
		}
	}
	if !any {
		fmt.Fprintln(w, "   (nothing: every product and policy exists)")
	}
	fmt.Fprintf(w, "2. Settings → Import Data → Upload CSV: %s; review the auto-mapping and confirm.\n", o.File)
	_, err := fmt.Fprintf(w, "3. Prove the result: %s (and delete %s).\n", c.o.Hints.Command("verify"), o.File)
	return err
}

// scaffolded says what init wrote, what it could not tell, and what to
// run next.
func (c *Console) scaffolded(o engine.Scaffolded) error {
	w, h := c.o.Stdout, c.o.Hints
	if len(o.Ignored) > 0 {
		fmt.Fprintf(w, "Ignored in %s (they hold keys and emails): %s\n", o.IgnoreFile, strings.Join(o.Ignored, " "))
	}
	if o.From.API != nil {
		fmt.Fprintf(w, "The token stays in $%s: keep it out of the config and out of Git (in CI, a secret).\n", o.From.API.TokenEnv)
	}
	st := o.Stats
	fmt.Fprintf(w, "Wrote %s: %s, %s, %s from %s.\n", o.File, count(st.Products, "product", "products"),
		count(st.Policies, "policy", "policies"), count(st.Rules, "rule", "rules"), count(st.Rows, "row", "rows"))
	if len(st.Open) > 0 {
		fmt.Fprintf(w, "It does not validate yet: the export does not tell %s, marked in the file:\n", count(len(st.Open), "thing", "things"))
		for _, open := range st.Open {
			fmt.Fprintf(w, "  - %s\n", open)
		}
		_, err := fmt.Fprintf(w, "Next: decide each, edit names, then run `%s`, `%s` and `%s`.\n", h.Command("validate"), h.Command("mapping"), h.Command("plan"))
		return err
	}
	_, err := fmt.Fprintf(w, "Next: edit names and machine limits, then run `%s` and `%s`.\n", h.Command("mapping"), h.Command("plan"))
	return err
}
