package engine

import (
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"time"

	"github.com/licentric/licentric-sync/gitignore"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/mapping"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/privfile"
)

// PlanRequest is plan: compute the plan, show it, save it when Out is
// set, and report blocks and (with DetailedExitcode) changes as errors.
type PlanRequest struct {
	// Out is the plan file to save (mode 0600); "" saves none.
	Out              string
	Show, Summary    bool
	DetailedExitcode bool
	// Explain, when set, shows where one license's fields came from
	// instead of planning (a key or its reference).
	Explain string
	// Refresh reads the whole Licentric account now instead of its kept view.
	Refresh bool
}

// slowRun is how long a plan must take before it reports its phases.
const slowRun = 5 * time.Second

func (r *PlanRequest) run(ctx context.Context, s *Session) error {
	if r.Explain != "" {
		return r.explain(ctx, s)
	}
	eng, t, err := s.viewTarget(r.Refresh)
	if err != nil {
		return err
	}
	defer t.Close()
	eng.ShowSensitive = r.Show
	pl, err := eng.Plan(ctx, t)
	s.View.Done()
	if err != nil {
		return err
	}
	if took := pl.Took.Total(); took >= slowRun {
		s.View.Warn(fmt.Sprintf("Took %s: %s.", took.Round(time.Millisecond), pl.Took))
	}
	s.warnSensitive(r.Show)
	out := PlanOutput{Plan: pl.Plan, Seal: pl.Checksum, Blocked: eng.Blocked(pl), Show: r.Show, Summary: r.Summary}
	if err := s.View.Render(out); err != nil {
		return err
	}
	if err := pl.ErrorsShown(); err != nil {
		return err
	}
	if err := r.save(s, eng, pl); err != nil {
		return err
	}
	if _, err := eng.CheckSafety(pl, ""); err != nil {
		return err
	}
	if r.DetailedExitcode && !pl.Plan.Empty() {
		return ErrDiffers
	}
	return nil
}

// save writes the plan to Out, when set, and says how to apply it.
func (r *PlanRequest) save(s *Session, eng *Engine, pl *Planned) error {
	if r.Out == "" {
		return nil
	}
	if err := writePlanFile(r.Out, pl.Plan, pl.Checksum()); err != nil {
		return err
	}
	if err := s.View.Render(PlanSaved{File: r.Out}); err != nil {
		return err
	}
	gitignore.Warn(eng.Log, r.Out, r.Out, "a saved plan")
	return nil
}

// otherRef is a redacted reference to something that is not a license
// key (email:…, name:…): explain cannot answer about those.
var otherRef = regexp.MustCompile(`^([a-z]+):[0-9a-f]{4,16}$`)

// explain shows where every field of one desired license came from.
func (r *PlanRequest) explain(ctx context.Context, s *Session) error {
	if m := otherRef.FindStringSubmatch(r.Explain); m != nil && m[1] != "key" {
		return fmt.Errorf("--explain takes a license key reference such as key:3f9a1c2b5d7e9f01 (or the key itself); %s identifies %s, not a license", r.Explain, m[1])
	}
	eng, err := s.load()
	if err != nil {
		return err
	}
	sources, err := eng.Sources()
	if err != nil {
		return err
	}
	ex, err := mapping.Explain(ctx, eng.Config, sources, r.Explain, s.Now, mapping.ShowSensitive(r.Show))
	if err != nil {
		return err
	}
	return s.View.Render(Explained{Explanation: ex, Show: r.Show})
}

// ShowRequest is show: render a saved plan offline; with Check, plan
// afresh against the target and say whether the saved plan is stale.
type ShowRequest struct {
	File        string
	Show, Check bool
}

func (r *ShowRequest) run(ctx context.Context, s *Session) error {
	p, err := readPlanFile(r.File)
	if err != nil {
		return err
	}
	stale := ""
	if r.Check {
		if stale, err = staleness(ctx, s, p); err != nil {
			return fmt.Errorf("show --check: %w", err)
		}
	}
	s.warnSensitive(r.Show)
	return s.View.Render(PlanOutput{Plan: p, Show: r.Show, Stale: stale, Saved: true})
}

// staleness plans afresh and names what moved since the saved plan.
func staleness(ctx context.Context, s *Session, saved *plan.Plan) (string, error) {
	eng, t, err := s.readTarget()
	if err != nil {
		return "", err
	}
	defer t.Close()
	fresh, err := eng.Plan(ctx, t)
	if err != nil {
		return "", err
	}
	if moved := Staleness(saved, fresh.Plan); moved != "" {
		return "this plan is stale: " + moved + "; applying it would be refused (exit 4)", nil
	}
	return "", nil
}

// ValidateRequest is validate: the config and every source row checked,
// nothing written.
type ValidateRequest struct{ Show bool }

func (r *ValidateRequest) run(ctx context.Context, s *Session) error {
	eng, err := s.load()
	if err != nil {
		return err
	}
	s.warnSensitive(r.Show)
	eng.ShowSensitive = r.Show
	res, err := eng.Desired(ctx)
	if err != nil {
		return err
	}
	return s.View.Render(Validated{Config: eng.Config, Result: res})
}

// WizardRequest is wizard-csv: the plan's license creates written as the
// import wizard's CSV to Out, then the steps to take with it.
type WizardRequest struct{ Out string }

func (r *WizardRequest) run(ctx context.Context, s *Session) error {
	eng, t, err := s.readTarget()
	if err != nil {
		return err
	}
	defer t.Close()
	pl, err := eng.Plan(ctx, t)
	s.View.Done()
	if err != nil {
		return err
	}
	if err := pl.Errors(); err != nil {
		return err
	}
	policies := map[string]license.Policy{}
	for _, p := range eng.Config.Policies {
		policies[p.ID] = p
	}
	n := 0
	err = privfile.Write(r.Out, func(w io.Writer) (err error) {
		n, err = WizardCSV(w, pl.Plan, policies, eng.Log)
		return err
	})
	if err != nil {
		return fmt.Errorf("wizard-csv: %w", err)
	}
	gitignore.Warn(eng.Log, r.Out, r.Out, "the import wizard's CSV")
	return s.View.Render(WizardWritten{Plan: pl.Plan, Licenses: n, File: r.Out})
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
