package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/licentric/licentric-sync/compare"
	"github.com/licentric/licentric-sync/engine"
)

// CompareCmd asks the old platform and Licentric the same question for
// each license and reports where their answers differ: the customers a
// cutover would lock out, and the revoked licenses it would revive.
type CompareCmd struct {
	ConfigFlag
	SourcesFlag
	Sample int    `placeholder:"N" help:"Compare a seeded sample of N licenses instead of every one."`
	Seed   uint64 `placeholder:"SEED" help:"Sample seed; a report names the seed it used, so a run can be repeated."`
	Log    string `placeholder:"FILE" help:"Compare the keys (and fingerprints) of a validation log the app wrote: JSON Lines, {\"key\", \"fingerprint\"} (docs/migration-runbook.md)."`
	Format string `placeholder:"FORMAT" enum:"text,markdown,json" default:"text" help:"text, markdown or json."`
}

// Run compares; exit 2 on any disagreement or unknown answer, 130 when
// stopped (the partial report is written first).
func (c *CompareCmd) Run(e *env) error {
	opts, err := c.options(e)
	if err != nil {
		return err
	}
	eng, t, err := e.readTarget()
	if err != nil {
		return err
	}
	defer t.Close()
	r, err := eng.Compare(e.ctx, t, opts)
	if err != nil {
		return err
	}
	if err := r.Write(e.stdout, c.Format); err != nil {
		return err
	}
	switch {
	case r.Disagrees():
		return &exitError{code: ExitChanges}
	case r.Partial:
		return &exitError{code: ExitInterrupted}
	}
	return nil
}

// options reads the log, if any; --log and --sample do not mix.
func (c *CompareCmd) options(e *env) (engine.CompareOptions, error) {
	o := engine.CompareOptions{Sample: c.Sample, Seed: c.Seed, Notice: e.stderr}
	if c.Log == "" {
		return o, nil
	}
	if c.Sample > 0 {
		return o, errors.New("compare takes --log FILE or --sample N, not both")
	}
	f, err := os.Open(c.Log)
	if err != nil {
		return o, fmt.Errorf("validation log: %w", err)
	}
	defer f.Close()
	o.Log, err = compare.ReadLog(f, c.Log)
	o.LogName = c.Log
	return o, err
}
