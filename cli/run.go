package cli

import (
	"errors"

	"github.com/licentric/licentric-sync/engine"
	"github.com/licentric/licentric-sync/view"
)

// run hands a command's request to the engine with the view this
// process needs (bars on a terminal, plain lines in CI, the command's
// format) and maps the engine's typed errors to exit codes.
func (e *env) run(req engine.Request, format string) error {
	s := &engine.Session{Config: e.globals.Config, Snapshot: e.globals.Snapshot, Sources: e.globals.Sources,
		Now: e.now, ToolVersion: toolVersion(), TuneMemory: e.tuneMemory, View: e.view(format), Clock: e.clock}
	return e.withExit(engine.Run(e.ctx, s, req))
}

// view is the Console for this process's streams in format.
func (e *env) view(format string) *view.Console {
	return view.New(view.Options{Stdout: e.stdout, Stderr: e.stderr, Stdin: e.stdin, Terminal: e.terminal,
		Colour: e.colour(e.stdout), Format: format, Hints: e.hints()})
}

// hints write commands as this user reaches this config.
func (e *env) hints() view.Hints {
	return view.Hints{Config: e.globals.Config, Snapshot: e.globals.Snapshot, Interactive: e.terminal(e.stdin)}
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

// withExit maps the engine's typed errors to the documented exit codes;
// a block's hint is the command as this user reaches this config.
func (e *env) withExit(err error) error {
	var blocked *engine.BlockedError
	var stale *engine.StaleError
	var interrupted *engine.InterruptedError
	var shrank *engine.RefreshBlockedError
	var other *engine.OtherAccountError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, engine.ErrDiffers):
		return &exitError{code: ExitChanges}
	case errors.Is(err, engine.ErrStopped):
		return &exitError{code: ExitInterrupted}
	case errors.As(err, &interrupted):
		return &exitError{code: ExitInterrupted, err: err}
	case errors.As(err, &blocked):
		blocked.Apply = e.hints().Apply()
		return &exitError{code: ExitBlocked, err: err}
	case errors.As(err, &shrank), errors.As(err, &other):
		return &exitError{code: ExitBlocked, err: err}
	case errors.As(err, &stale):
		return &exitError{code: ExitStale, err: err}
	}
	return err
}
