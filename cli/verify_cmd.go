package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/verify"
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
	cfg, t, err := e.readTarget()
	if err != nil {
		return err
	}
	defer t.Close()
	res, err := e.desired(cfg)
	if err != nil {
		return err
	}
	snap, err := t.Snapshot(e.ctx)
	if err != nil {
		return err
	}
	caps := t.Capabilities()
	seed := c.Seed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	r := &verify.Report{FormatVersion: verify.ReportVersion, Target: caps.Description, Desired: len(res.Licenses)}
	r.Problems, r.Matched = verify.Compare(res.Licenses, snap.Licenses)
	sample := verify.Sample(res.Licenses, c.Sample, seed)
	r.Sample = verify.Sampled{Seed: seed, PerStatus: c.Sample, RatePerMin: caps.ValidatePerMinute}
	if caps.ValidatePerMinute > 0 && len(sample) > 1 {
		fmt.Fprintf(e.stderr, "verify: %d validate-key calls take about %s at %d/min; validations may count as uses and fire webhooks on the target.\n",
			len(sample), time.Duration(len(sample)-1)*time.Minute/time.Duration(caps.ValidatePerMinute), caps.ValidatePerMinute)
	}
	verify.Check(e.ctx, sample, func(ctx context.Context, k license.Key) (bool, string, error) {
		v, err := t.Validate(ctx, k, "")
		return v.Valid, v.Code, err
	}, caps.ValidatePerMinute, r)
	r.Finish()
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
	v, err := t.Validate(e.ctx, license.Key(c.Key), c.Fingerprint)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: valid=%v code=%s (target: %s)\n", license.Key(c.Key).Ref(), v.Valid, v.Code, t.Capabilities().Description)
	return nil
}
