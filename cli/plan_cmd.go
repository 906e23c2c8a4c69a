package cli

import "github.com/licentric/licentric-sync/engine"

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
	return e.run(&engine.PlanRequest{Out: c.Out, Show: c.ShowSensitive, Summary: c.Summary,
		DetailedExitcode: c.DetailedExitcode, Explain: c.Explain, Refresh: c.Refresh}, c.Format)
}

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
	return e.run(&engine.ShowRequest{File: c.File, Show: c.ShowSensitive, Check: c.Check}, c.Format)
}

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
	return e.run(&engine.WizardRequest{Out: c.Out}, "")
}

// ValidateCmd checks the config and reads every source through the
// mapping, reporting every problem; it writes nothing.
type ValidateCmd struct {
	ConfigFlag
	SnapshotFlag
	ShowSensitive bool `name:"show-sensitive" help:"Show export values in errors even when they look like keys or emails."`
}

// Run validates.
func (c ValidateCmd) Run(e *env) error {
	return e.run(&engine.ValidateRequest{Show: c.ShowSensitive}, "")
}
