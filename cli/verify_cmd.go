package cli

import (
	"fmt"

	"github.com/licentric/licentric-sync/engine"
	"github.com/licentric/licentric-sync/license"
)

// VerifyCmd proves the migration: the target against the sources, then
// validate-key on a seeded sample per status.
type VerifyCmd struct {
	Format string `enum:"text,markdown,json" default:"text" help:"text, markdown or json."`
	Sample int    `default:"20" help:"Keys per status to run through validate-key (0: none)."`
	Seed   uint64 `help:"Sample seed; a report names the seed it used, so a run can be repeated."`
}

// Run verifies; exit 2 when anything does not match.
func (c *VerifyCmd) Run(e *env) error {
	eng, t, err := e.readTarget()
	if err != nil {
		return err
	}
	defer t.Close()
	r, err := eng.Verify(e.ctx, t, engine.VerifyOptions{Sample: c.Sample, Seed: c.Seed, Log: e.stderr})
	if err != nil {
		return err
	}
	if err := r.Write(e.stdout, c.Format); err != nil {
		return err
	}
	if !r.OK {
		return &exitError{code: ExitChanges}
	}
	return nil
}

// CheckKeyCmd is one validate-key call against the target, for support
// during the migration.
type CheckKeyCmd struct {
	Key         string `arg:"" name:"KEY" help:"The license key to validate."`
	Fingerprint string `help:"A machine fingerprint to validate with."`
}

// Run validates one key. The key is not echoed back.
func (c *CheckKeyCmd) Run(e *env) error {
	_, t, err := e.readTarget()
	if err != nil {
		return err
	}
	defer t.Close()
	v, err := engine.CheckKey(e.ctx, t, license.Key(c.Key), c.Fingerprint)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: valid=%v code=%s (target: %s)\n", license.Key(c.Key).Ref(), v.Valid, v.Code, t.Capabilities().Description)
	return nil
}
