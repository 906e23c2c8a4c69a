package cli

import (
	"bufio"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/licentric/licentric-sync/apply"
	"github.com/licentric/licentric-sync/engine"
	"github.com/licentric/licentric-sync/plan/render"
)

// ApplyCmd applies a fresh plan, or exactly a saved one if it is not stale.
type ApplyCmd struct {
	ConfigFlag
	SnapshotFlag
	SourcesFlag
	File        string `arg:"" optional:"" name:"PLANFILE" help:"A plan saved with plan -o; refused (exit 4) if stale."`
	AutoApprove bool   `name:"auto-approve" help:"Do not ask for confirmation (CI)."`
	Ack         string `name:"ack" placeholder:"CHECKSUM" help:"Accept the plan with this checksum despite safety thresholds."`
	Parallelism int    `default:"4" placeholder:"N" help:"Updates, status changes and deletes sent at once to an HTTP target, within its rate limit (default: ${default})."`
	Refresh     bool   `name:"refresh" help:"Read the whole Licentric account now instead of its kept view."`
}

// Run applies.
func (c *ApplyCmd) Run(e *env) error {
	eng, t, err := e.viewTarget(c.Refresh) // a store that does not exist yet is created after the checks
	if err != nil {
		return err
	}
	defer func() { t.Close() }()
	if err := engine.Prepare(e.ctx, t, c.Parallelism); err != nil {
		return err
	}
	pl, err := eng.Plan(e.ctx, t)
	if err != nil {
		return err
	}
	if err := pl.Errors(); err != nil {
		return err
	}
	if err := c.matchSaved(pl); err != nil {
		return e.withExit(err)
	}
	if err := render.Text(e.stdout, pl.Plan, render.Options{Seal: pl.Checksum, MaxLines: previewLines, Colour: e.colour(e.stdout)}); err != nil {
		return err
	}
	if pl.Plan.Empty() && len(pl.Devices.Carry) == 0 { // devices left to carry (a resumed run) still need the apply
		return nil
	}
	acked, err := eng.CheckSafety(pl, c.Ack)
	if err != nil {
		return e.withExit(err)
	}
	if len(acked) > 0 {
		fmt.Fprintf(e.stderr, "Safety thresholds exceeded but acknowledged with --ack %s:\n  %s\n", c.Ack, strings.Join(acked, "\n  "))
	}
	if err := c.confirm(e); err != nil {
		return err
	}
	target, err := eng.Materialize(e.ctx, t, c.Parallelism)
	if err != nil {
		return e.withExit(err)
	}
	t = target
	res, err := eng.Apply(e.ctx, t, pl, apply.Options{Log: e.stderr, Terminal: e.terminal(e.stderr)})
	if err != nil {
		return e.withExit(err)
	}
	fmt.Fprintln(e.stdout, res.Summary(pl.Plan.Summary))
	err = eng.Converged(e.ctx, t, pl)
	e.report.finish()
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "Checked: a fresh plan against the target is empty.")
	if _, err := eng.CarryDevices(e.ctx, t, pl, e.stderr); err != nil {
		return e.withExit(err)
	}
	fmt.Fprintf(e.stderr, "Took %s in all: %s.\n", pl.Took.Total().Round(time.Millisecond), pl.Took)
	return nil
}

// matchSaved checks, when a plan file was given, that the file is intact
// and that the fresh plan is exactly it.
func (c *ApplyCmd) matchSaved(fresh *engine.Planned) error {
	if c.File == "" {
		return nil
	}
	saved, sum, err := readPlanHeader(c.File)
	if err != nil {
		return err
	}
	return engine.MatchSaved(c.File, saved, sum, fresh)
}

// previewLines bounds the plan apply prints before it starts.
const previewLines = 500

// confirm asks, unless --auto-approve. Without a terminal to ask on, it
// refuses rather than guess.
func (c *ApplyCmd) confirm(e *env) error {
	if c.AutoApprove {
		return nil
	}
	if !e.terminal(e.stdin) {
		return errors.New("apply needs confirmation but there is no terminal to ask on; review the plan and pass --auto-approve (as CI does)")
	}
	fmt.Fprint(e.stdout, "\nApply these changes? Only 'yes' is accepted: ")
	line, _ := bufio.NewReader(e.stdin).ReadString('\n')
	if strings.TrimSpace(line) != "yes" {
		return errors.New("apply cancelled; nothing was changed")
	}
	return nil
}
