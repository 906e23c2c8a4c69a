package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/licentric/licentric-sync/apply"
	"github.com/licentric/licentric-sync/engine"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/privfile"
	"github.com/licentric/licentric-sync/providers"
)

// engine loads the config named by -c into an engine for this run.
// A process (not a test calling Main) tunes the collector from the size
// of the config's inputs.
func (e *env) engine() (*engine.Engine, error) {
	eng, err := engine.Load(e.globals.Config, e.now, toolVersion())
	if err != nil {
		return nil, err
	}
	eng.Log = printableWriter{e.stderr}
	if eng.VersionWarning != "" {
		fmt.Fprintln(e.stderr, "WARNING: "+eng.VersionWarning)
	}
	eng.Snapshot = e.globals.Snapshot
	if err := eng.Select(e.globals.Sources); err != nil {
		return nil, err
	}
	eng.Report = e.progress()
	if e.tuneMemory != nil {
		e.tuneMemory(eng.EstimateLicenses())
	}
	return eng, nil
}

// SourcesFlag is --source on plan, apply and verify: the run covers only
// the named sources' licenses (engine.Select).
type SourcesFlag struct {
	Source []string `name:"source" placeholder:"NAME" predictor:"source" help:"Only these sources' licenses (repeatable); licenses of the config's other sources are left alone. Products and policies are still planned."`
}

// AfterApply hands the names to the run's globals.
func (s *SourcesFlag) AfterApply(g *Globals) error {
	g.Sources = s.Source
	return nil
}

// progress is the run's progress reporter on stderr, made once.
func (e *env) progress() *progressReporter {
	if e.report == nil {
		e.report = newProgressReporter(e.stderr, e.terminal(e.stderr))
	}
	return e.report
}

// readTarget loads the config and opens its target for reading; the
// caller closes the target.
func (e *env) readTarget() (*engine.Engine, providers.Target, error) {
	eng, err := e.engine()
	if err != nil {
		return nil, nil, err
	}
	t, err := eng.OpenTarget(engine.ReadOnly)
	if err != nil {
		return nil, nil, err
	}
	return eng, t, nil
}

// viewTarget is readTarget for plan and apply: a Licentric target plans
// from its kept view, or reads the account whole now when refresh is set.
func (e *env) viewTarget(refresh bool) (*engine.Engine, providers.Target, error) {
	eng, err := e.engine()
	if err != nil {
		return nil, nil, err
	}
	eng.KeepView, eng.ReadNow = true, refresh
	t, err := eng.OpenTarget(engine.ReadOnly)
	if err != nil {
		return nil, nil, err
	}
	return eng, t, nil
}

// withExit maps the engine's typed errors to the documented exit codes;
// a block's hint is the command as this user reaches this config.
func (e *env) withExit(err error) error {
	var blocked *engine.BlockedError
	var stale *engine.StaleError
	var interrupted *apply.InterruptedError
	switch {
	case errors.As(err, &interrupted):
		return &exitError{code: ExitInterrupted, err: err}
	case errors.As(err, &blocked):
		blocked.Apply = e.applyCommand()
		return &exitError{code: ExitBlocked, err: err}
	case errors.As(err, &stale):
		return &exitError{code: ExitStale, err: err}
	}
	return err
}

// writePlanFile writes a plan file readable by its owner only (0600
// whatever was there), whole or not at all.
func writePlanFile(path string, p *plan.Plan, checksum string) error {
	err := privfile.Write(path, func(w io.Writer) error { return plan.Write(w, p, checksum) })
	if err != nil {
		return fmt.Errorf("plan file: %w", err)
	}
	return nil
}

func readPlanFile(path string) (*plan.Plan, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("plan file %s: %w", path, err)
	}
	defer f.Close()
	p, err := plan.Read(f)
	if err != nil {
		return nil, fmt.Errorf("plan file %s: %w", path, err)
	}
	return p, nil
}

// readPlanHeader reads a plan file's header and checks the file's
// integrity without keeping its changes.
func readPlanHeader(path string) (*plan.Plan, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", fmt.Errorf("plan file %s: %w", path, err)
	}
	defer f.Close()
	p, sum, err := plan.ReadHeader(f)
	if err != nil {
		return nil, "", fmt.Errorf("plan file %s: %w", path, err)
	}
	return p, sum, nil
}
