package cli

import "github.com/licentric/licentric-sync/engine"

// MappingCmd shows how each source is read and mapped, so a user can
// review the auto-mapping and write rules before planning.
type MappingCmd struct {
	ConfigFlag
	SnapshotFlag
	Source        string `name:"source" placeholder:"NAME" predictor:"source" help:"Only this source."`
	Format        string `placeholder:"FORMAT" enum:"text,markdown,json" default:"text" help:"text, markdown (a PR comment, capped) or json."`
	ShowSensitive bool   `name:"show-sensitive" help:"Show values that look like keys or emails (a shifted column) instead of references."`
}

// Run reviews the mapping.
func (c *MappingCmd) Run(e *env) error {
	return e.run(&engine.MappingRequest{Source: c.Source, Show: c.ShowSensitive}, c.Format)
}

// ListCmd prints what the target holds.
type ListCmd struct {
	ConfigFlag
	What          string `arg:"" enum:"products,policies,licenses" help:"products, policies or licenses."`
	Format        string `placeholder:"FORMAT" enum:"table,json" default:"table" help:"table or json (Licentric API field names)."`
	ShowSensitive bool   `name:"show-sensitive" help:"Show license keys, emails and names."`
}

// Run lists; licenses are streamed from the target in key order.
func (c *ListCmd) Run(e *env) error {
	return e.run(&engine.ListRequest{What: c.What, Show: c.ShowSensitive}, c.Format)
}

// PullCmd saves snapshots of the live sources: the backup the migration
// guide asks for before anything else, and a frozen input that plan
// --snapshot (or a path: source) reads.
type PullCmd struct {
	ConfigFlag
	Source []string `name:"source" placeholder:"NAME" predictor:"source" help:"Pull only this api: source (repeat for more); default: all of them."`
	Out    string   `short:"o" name:"out" default:"snapshots" placeholder:"DIR" help:"Directory for the snapshots, one folder per source (default: ${default}); keep it out of Git."`
	Force  bool     `help:"Replace a snapshot already in the folder (by default pull refuses: it is the rollback point)."`
}

// Run pulls.
func (c *PullCmd) Run(e *env) error {
	return e.run(&engine.PullRequest{Sources: c.Source, Out: c.Out, Force: c.Force}, "")
}
