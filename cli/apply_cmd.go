package cli

import "github.com/licentric/licentric-sync/engine"

// ApplyCmd applies a fresh plan, or exactly a saved one if it is not stale.
type ApplyCmd struct {
	ConfigFlag
	SnapshotFlag
	SourcesFlag
	File        string `arg:"" optional:"" name:"PLANFILE" help:"A plan saved with plan -o; refused (exit 4) if stale."`
	AutoApprove bool   `name:"auto-approve" help:"Do not ask for confirmation (CI)."`
	Ack         string `name:"ack" placeholder:"CHECKSUM" help:"Accept the plan with this checksum despite safety thresholds."`
	Parallelism int    `default:"4" placeholder:"N" help:"Updates, status changes and deletes sent at once to an HTTP target, within its rate limit (default: ${default})."`
	Refresh     bool   `name:"refresh" help:"Read the whole Licentric account now instead of its kept view."`
}

// Run applies (engine.ApplyRequest owns the order).
func (c *ApplyCmd) Run(e *env) error {
	return e.run(&engine.ApplyRequest{File: c.File, AutoApprove: c.AutoApprove, Ack: c.Ack, Parallelism: c.Parallelism,
		Refresh: c.Refresh}, "text")
}
