package engine

import (
	"context"
	"os"
	"time"

	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/httpx"
)

// Clock is what a run's waits are on: pacing to a rate, backoff and
// Retry-After, for the Licentric target and the live sources alike. The
// binary runs on the wall clock; tests that run the CLI in-process (or
// as the test binary re-executed) pass a fake (httpxtest.Clock) so that
// a run which would wait out a rate limit takes no wall time.
type Clock = httpx.Clock

// Session is what every run of one command line shares: the config and
// sources it names, the clock and build it runs with, and its View.
type Session struct {
	// Config is the config file (-c); Snapshot the directory --snapshot
	// named; Sources the --source selection (none: every source).
	Config, Snapshot string
	Sources          []string
	// Now decides expiries for the whole run.
	Now time.Time
	// ToolVersion is recorded in plans.
	ToolVersion string
	// Getenv reads API keys and tokens; os.Getenv when nil.
	Getenv func(string) string
	// TuneMemory sizes the process's collector from the run's input
	// (membudget.Tune); nil leaves it alone (tests running in-process).
	TuneMemory func(licenses int)
	// View is where the run shows progress, asks and renders.
	View View
	// Clock is what the run's HTTP waits are on; nil: the wall clock.
	Clock Clock
}

// Request is one command's operation: validate, plan, apply, show and
// the rest, each a type in this package whose run owns the command's
// whole order (open, lock, plan, check, render, confirm, apply, check
// again), so every front end runs them the same way.
type Request interface {
	run(ctx context.Context, s *Session) error
}

// Run runs one command's operation to the end. Results go to s.View;
// the error is typed (BlockedError, StaleError, InterruptedError,
// ErrDiffers) for the caller to map to an exit code.
func Run(ctx context.Context, s *Session, r Request) error {
	if s.Getenv == nil {
		s.Getenv = os.Getenv
	}
	return r.run(ctx, s)
}

// load loads the config into an engine for this run, reporting to the
// view, and tunes the collector from the size of the config's inputs.
func (s *Session) load() (*Engine, error) {
	eng, err := Load(s.Config, s.Now, s.ToolVersion)
	if err != nil {
		return nil, err
	}
	eng.Getenv, eng.Log, eng.Clock = s.Getenv, newWarnWriter(s.View), s.Clock
	if eng.VersionWarning != "" {
		s.View.Warn("WARNING: " + eng.VersionWarning)
	}
	eng.Snapshot = s.Snapshot
	if err := eng.Select(s.Sources); err != nil {
		return nil, err
	}
	eng.Report = s.View
	if s.TuneMemory != nil {
		s.TuneMemory(eng.EstimateLicenses())
	}
	return eng, nil
}

// readTarget loads the config and opens its target for reading; the
// caller closes the target.
func (s *Session) readTarget() (*Engine, providers.Target, error) {
	eng, err := s.load()
	if err != nil {
		return nil, nil, err
	}
	t, err := eng.OpenTarget(ReadOnly)
	if err != nil {
		return nil, nil, err
	}
	return eng, t, nil
}

// viewTarget is readTarget for plan and apply: a Licentric target plans
// from its kept view, or reads the account whole now (and keeps it) when
// readNow is set (--refresh).
func (s *Session) viewTarget(readNow bool) (*Engine, providers.Target, error) {
	eng, err := s.load()
	if err != nil {
		return nil, nil, err
	}
	eng.KeepView, eng.ReadNow = true, readNow
	t, err := eng.OpenTarget(ReadOnly)
	if err != nil {
		return nil, nil, err
	}
	return eng, t, nil
}

// warnSensitive warns that --show-sensitive in CI leaves secrets in
// the log.
func (s *Session) warnSensitive(show bool) {
	if show && s.Getenv("CI") != "" {
		s.View.Warn("WARNING: --show-sensitive in CI: license keys, emails and names are printed in clear and will stay in the CI log.")
	}
}
