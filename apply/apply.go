// Package apply runs a plan against a target: products, then policies,
// then licenses (the plan's order), in the target's batches, with progress
// on a terminal as a bar and elsewhere as periodic plain lines, and a
// result that says what was done. Re-running after a failure or a kill is
// always safe: every change is idempotent, and the next plan is computed
// from what the target holds.
package apply

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
)

// Options steer a run.
type Options struct {
	// Log receives progress and is usually stderr.
	Log io.Writer
	// Terminal selects the progress bar; otherwise plain lines are printed
	// every LineEvery.
	Terminal  bool
	LineEvery time.Duration
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
	prog := newProgress(o, len(p.Changes))
	err := t.Apply(ctx, p.Changes, func(n int) {
		res.Applied += n
		prog.add(n)
	})
	prog.finish()
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

type progress struct {
	bar      *progressbar.ProgressBar
	log      io.Writer
	total    int
	done     int
	every    time.Duration
	last     time.Time
	lastDone int
}

func newProgress(o Options, total int) *progress {
	p := &progress{log: o.Log, total: total, every: o.LineEvery, last: time.Now()}
	if p.every == 0 {
		p.every = 5 * time.Second
	}
	if o.Terminal && o.Log != nil && total > 0 {
		p.bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(o.Log), progressbar.OptionSetDescription("applying"),
			progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true), progressbar.OptionClearOnFinish(),
			progressbar.OptionThrottle(100*time.Millisecond))
	}
	return p
}

func (p *progress) add(n int) {
	p.done += n
	if p.bar != nil {
		_ = p.bar.Add(n)
		return
	}
	if p.log == nil || p.total == 0 {
		return
	}
	step := p.total / 10
	if time.Since(p.last) >= p.every || (step > 0 && p.done-p.lastDone >= step) {
		fmt.Fprintf(p.log, "apply: %d/%d changes (%d%%)\n", p.done, p.total, p.done*100/p.total)
		p.last, p.lastDone = time.Now(), p.done
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
