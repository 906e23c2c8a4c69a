package cli

import "github.com/licentric/licentric-sync/engine"

// CompareCmd asks the old platform and Licentric the same question for
// each license and reports where their answers differ: the customers a
// cutover would lock out, and the revoked licenses it would revive.
type CompareCmd struct {
	ConfigFlag
	SourcesFlag
	SnapshotFlag
	Sample int    `placeholder:"N" help:"Compare a seeded sample of N licenses instead of every one."`
	Seed   uint64 `placeholder:"SEED" help:"Sample seed; a report names the seed it used, so a run can be repeated."`
	Log    string `placeholder:"FILE" help:"Compare the keys (and fingerprints) of a validation log the app wrote: JSON Lines, {\"key\", \"fingerprint\"} (docs/migration-runbook.md)."`
	Format string `placeholder:"FORMAT" enum:"text,markdown,json" default:"text" help:"text, markdown or json."`
}

// Run compares; exit 2 on any disagreement or unknown answer, 130 when
// stopped (the partial report is written first).
func (c *CompareCmd) Run(e *env) error {
	return e.run(&engine.CompareRequest{Sample: c.Sample, Seed: c.Seed, Log: c.Log}, c.Format)
}
