// Package apply runs a plan against a target: products, then policies,
// then licenses (the plan's order), in the target's batches, reporting each
// finished batch to its caller's progress (package progress draws it), and
// a result that says what was done. Re-running after a failure or a kill is
// always safe: every change is idempotent, and the next plan is computed
// from what the target holds.
package apply

import (
	"context"
	"fmt"
	"time"

	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
)

// Options steer a run.
type Options struct {
	// Progress receives each finished batch's count (nil: none); the
	// engine passes its view's count (progress.Reporter.Count).
	Progress providers.Progress
}

// Result is what an apply did.
type Result struct {
	Applied  int
	Total    int
	Duration time.Duration
	// AlreadyCreated and AlreadyDeleted are planned creates and deletes
	// the target found already done by another run (providers.Tallier).
	AlreadyCreated, AlreadyDeleted int
}

// Summary is the closing line of an apply: what this run did.
func (r Result) Summary(s plan.Summary) string {
	line := fmt.Sprintf("Apply complete: %d created, %d updated, %d deleted, %d status changes (%d changes in %s).",
		s.Create-r.AlreadyCreated, s.Update, s.Delete-r.AlreadyDeleted, s.StatusChanges, r.Applied, r.Duration.Round(time.Millisecond))
	if r.AlreadyCreated+r.AlreadyDeleted > 0 {
		line += fmt.Sprintf(" %d creates and %d deletes were already done by another run, and are not counted.", r.AlreadyCreated, r.AlreadyDeleted)
	}
	return line
}

// Run applies every change of p to t.
func Run(ctx context.Context, t providers.Target, p *plan.Plan, o Options) (Result, error) {
	start := time.Now()
	res := Result{Total: len(p.Changes)}
	err := t.Apply(ctx, p.Changes, func(n int) {
		res.Applied += n
		o.Progress.Report(n)
	})
	res.Duration = time.Since(start)
	if tl, ok := t.(providers.Tallier); ok {
		res.AlreadyCreated, res.AlreadyDeleted = tl.AlreadyDone()
	}
	if err != nil && ctx.Err() != nil {
		return res, &InterruptedError{Applied: res.Applied, Total: res.Total}
	}
	if err != nil {
		return res, fmt.Errorf("apply stopped after %d of %d changes: %w\nNothing else was changed; fix the cause and run apply again: it picks up where this one stopped", res.Applied, res.Total, err)
	}
	return res, nil
}

// InterruptedError is an apply stopped by a signal (Ctrl-C, SIGTERM). The
// CLI exits 130 with it: nothing is wrong, and running apply again resumes.
type InterruptedError struct {
	Applied, Total int
}

// Error says how far the apply got and how to resume.
func (e *InterruptedError) Error() string {
	return fmt.Sprintf("interrupted after %d of %d changes; every change made is complete. Run apply again to resume: it plans from what the target now holds", e.Applied, e.Total)
}
