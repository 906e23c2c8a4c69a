package engine

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/httpx"
	"github.com/licentric/licentric-sync/verify"
)

// VerifyOptions steer a verify run.
type VerifyOptions struct {
	// Sample is how many keys per status go through validate-key.
	Sample int
	// Seed picks the sample; 0 picks one from the clock (the report names it).
	Seed uint64
	// Log receives the notice of how long validate-key calls take.
	Log io.Writer
}

// Verify proves the migration: every license the sources describe is in
// the target exactly as the planner would leave it, and a seeded sample of
// keys per status answers validate-key as its status implies.
func (e *Engine) Verify(ctx context.Context, t providers.Target, o VerifyOptions) (*verify.Report, error) {
	res, err := e.Desired(ctx)
	if err != nil {
		return nil, err
	}
	cur, err := t.Current(ctx)
	if err != nil {
		return nil, err
	}
	caps := t.Capabilities()
	seed := o.Seed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	r := &verify.Report{FormatVersion: verify.ReportVersion, Target: caps.Description, Desired: len(res.Licenses)}
	c, err := verify.Compare(res.Licenses, cur, e.planOptions(caps))
	if err != nil {
		return nil, err
	}
	r.Problems, r.Matched, r.Kept = c.Problems, c.Matched, c.Kept
	r.Sample = verify.Sampled{Seed: seed, PerStatus: o.Sample, RatePerMin: caps.ValidatePerMinute}
	sample := verify.Sample(res.Licenses, o.Sample, seed)
	if len(sample) > 0 {
		v, ok := t.(providers.KeyValidator)
		if !ok {
			return nil, fmt.Errorf("%s cannot run validate-key; pass --sample 0", caps.Description)
		}
		if caps.ValidatePerMinute > 0 && len(sample) > 1 && o.Log != nil {
			fmt.Fprintf(o.Log, "verify: %d validate-key calls take about %s at %d/min; validations may count as uses and fire webhooks on the target.\n",
				len(sample), time.Duration(len(sample)-1)*time.Minute/time.Duration(caps.ValidatePerMinute), caps.ValidatePerMinute)
		}
		verify.Check(ctx, sample, e.nowFrom(e.clockNow()), func(ctx context.Context, k license.Key) (bool, string, error) {
			ans, err := v.Validate(ctx, k, "")
			return ans.Valid, ans.Code, err
		}, httpx.PerMinute(caps.ValidatePerMinute, e.Clock), r)
	}
	r.Finish()
	return r, nil
}

// CheckKey runs one validate-key call against the target.
func CheckKey(ctx context.Context, t providers.Target, key license.Key, fingerprint string) (providers.Validation, error) {
	v, ok := t.(providers.KeyValidator)
	if !ok {
		return providers.Validation{}, fmt.Errorf("%s cannot run validate-key", t.Capabilities().Description)
	}
	return v.Validate(ctx, key, fingerprint)
}

// nowFrom is the run's time as its clock moves on from start (the
// clock's reading when the run's Now held): e.Now plus the time passed
// since, so a check made hours into a paced run is judged then, on the
// same time line as the run's mapping.
func (e *Engine) nowFrom(start time.Time) func() time.Time {
	return func() time.Time { return e.Now.Add(e.clockNow().Sub(start)) }
}
