package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/licentric/licentric-sync/apply"
	"github.com/licentric/licentric-sync/providers"
)

// ApplyRequest is apply: a fresh plan, or exactly the saved one in File
// when it is not stale, applied after the safety check and confirmation.
type ApplyRequest struct {
	// File is a plan saved with plan -o; "" applies a fresh plan.
	File string
	// AutoApprove skips the confirmation (CI).
	AutoApprove bool
	// Ack is the checksum of a blocked plan the user accepted.
	Ack string
	// Parallelism is how many one-license changes an HTTP target gets at once.
	Parallelism int
	// Refresh reads the whole Licentric account now instead of its kept view.
	Refresh bool
}

// previewLines bounds the plan apply prints before it starts.
const previewLines = 500

// run is the whole order of an apply: open the target (a store that does
// not exist yet is created only after the checks; a Licentric account
// from its kept view unless Refresh), lock it, plan, match
// the saved plan, show the plan, check safety, confirm, create the store,
// apply, check that a fresh plan is then empty, and carry the devices.
func (r *ApplyRequest) run(ctx context.Context, s *Session) error {
	eng, t, err := s.viewTarget(r.Refresh) // a store that does not exist yet is created after the checks
	if err != nil {
		return err
	}
	defer func() { t.Close() }()
	pl, err := r.checkedPlan(ctx, s, eng, t)
	if err != nil || pl == nil {
		return err
	}
	target, err := eng.Materialize(ctx, t, r.Parallelism)
	if err != nil {
		return err
	}
	t = target
	res, err := eng.Apply(ctx, t, pl, apply.Options{Progress: s.View.Count(len(pl.Plan.Changes))})
	s.View.Done()
	if err != nil {
		return err
	}
	if err := s.View.Render(Applied{Result: res, Summary: pl.Plan.Summary}); err != nil {
		return err
	}
	err = eng.Converged(ctx, t, pl)
	s.View.Done()
	if err != nil {
		return err
	}
	if err := s.View.Render(Converged{}); err != nil {
		return err
	}
	if _, err := eng.CarryDevices(ctx, t, pl, eng.Log); err != nil {
		return err
	}
	s.View.Warn(fmt.Sprintf("Took %s in all: %s.", pl.Took.Total().Round(time.Millisecond), pl.Took))
	return nil
}

// checkedPlan locks the target, plans, and returns the plan once it is
// the saved one (if any), shown, within the safety thresholds (or
// acknowledged) and confirmed; nil when there is nothing to do.
func (r *ApplyRequest) checkedPlan(ctx context.Context, s *Session, eng *Engine, t providers.Target) (*Planned, error) {
	if err := Prepare(ctx, t, r.Parallelism); err != nil {
		return nil, err
	}
	pl, err := eng.Plan(ctx, t)
	if err != nil {
		return nil, err
	}
	if err := pl.Errors(); err != nil {
		return nil, err
	}
	if err := r.matchSaved(pl); err != nil {
		return nil, err
	}
	if err := s.View.Render(PlanOutput{Plan: pl.Plan, Seal: pl.Checksum, MaxLines: previewLines}); err != nil {
		return nil, err
	}
	if pl.Plan.Empty() && len(pl.Devices.Carry) == 0 { // devices left to carry (a resumed run) still need the apply
		return nil, nil
	}
	acked, err := eng.CheckSafety(pl, r.Ack)
	if err != nil {
		return nil, err
	}
	if len(acked) > 0 {
		s.View.Warn(fmt.Sprintf("Safety thresholds exceeded but acknowledged with --ack %s:\n  %s", r.Ack, strings.Join(acked, "\n  ")))
	}
	if r.AutoApprove {
		return pl, nil
	}
	yes, err := s.View.Confirm("Apply these changes?")
	switch {
	case err != nil:
		return nil, err
	case !yes:
		return nil, errors.New("apply cancelled; nothing was changed")
	}
	return pl, nil
}

// matchSaved checks, when a plan file was given, that the file is intact
// and that the fresh plan is exactly it.
func (r *ApplyRequest) matchSaved(fresh *Planned) error {
	if r.File == "" {
		return nil
	}
	saved, sum, err := readPlanHeader(r.File)
	if err != nil {
		return err
	}
	return MatchSaved(r.File, saved, sum, fresh)
}
