package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/licentric/licentric-sync/apply"
	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/plan/render"
	"github.com/licentric/licentric-sync/providers"
)

// ApplyCmd applies a fresh plan, or exactly a saved one if it is not stale.
type ApplyCmd struct {
	File        string `arg:"" optional:"" name:"PLANFILE" help:"A plan saved with plan -o; refused (exit 4) if stale."`
	AutoApprove bool   `name:"auto-approve" help:"Do not ask for confirmation (CI)."`
	Ack         string `name:"ack" placeholder:"CHECKSUM" help:"Accept the plan with this checksum despite safety thresholds."`
	Parallelism int    `default:"4" help:"Updates, status changes and deletes sent at once to an HTTP target (within its rate limit)."`
}

// Run applies.
func (c *ApplyCmd) Run(e *env) error {
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	t, err := e.openTarget(cfg, readWrite)
	if err != nil {
		return err
	}
	defer t.Close()
	if err := lockTarget(e, t); err != nil {
		return err
	}
	if p, ok := t.(interface{ SetParallelism(int) }); ok {
		p.SetParallelism(c.Parallelism)
	}
	pc, err := e.computePlan(cfg, t)
	if err != nil {
		return err
	}
	if err := planErrors(pc.plan); err != nil {
		return err
	}
	p, err := c.choosePlan(pc.plan, pc.seal())
	if err != nil {
		return err
	}
	if err := render.Text(e.stdout, p, render.Options{Seal: pc.seal, MaxLines: previewLines}); err != nil {
		return err
	}
	if p.Empty() {
		return nil
	}
	if err := c.checkSafety(e, cfg, p); err != nil {
		return err
	}
	if err := c.confirm(e); err != nil {
		return err
	}
	res, err := apply.Run(e.ctx, t, p, apply.Options{Log: e.stderr, Terminal: e.terminal(e.stderr)})
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, res.Summary(p.Summary))
	return e.checkConverged(pc, t)
}

// checkConverged re-reads the target after an apply and plans again from
// the same desired state: the result must be empty. Anything left means
// the target did not take a change as sent, which the user must know.
func (e *env) checkConverged(pc *computed, t providers.Target) error {
	cur, err := t.Current(e.ctx)
	if err != nil {
		return fmt.Errorf("apply finished, but re-reading the target failed: %w", err)
	}
	cfg := pc.cfg
	d := plan.Desired{Products: cfg.Products, Policies: cfg.Policies, Licenses: pc.result.Licenses}
	again, err := plan.Compute(d, cur, plan.Options{Prune: cfg.Options.Prune, OnConflict: cfg.Options.OnConflict})
	if err != nil {
		return err
	}
	if !again.Empty() {
		return fmt.Errorf("apply finished, but the target still differs in %d changes (first: %s %s %s); run plan to see them",
			len(again.Changes), again.Changes[0].Action, again.Changes[0].Kind, render.Identity(&again.Changes[0]))
	}
	fmt.Fprintln(e.stdout, "Checked: a fresh plan against the target is empty.")
	return nil
}

func lockTarget(e *env, t providers.Target) error {
	type lockable interface {
		Lock(ctx context.Context, what string) error
	}
	if l, ok := t.(lockable); ok {
		return l.Lock(e.ctx, "licentric-sync apply")
	}
	return nil
}

// choosePlan returns the fresh plan, after checking, when a plan file was
// given, that the file is intact and that the fresh plan is exactly it:
// same inputs, same target state, same checksum. Applying the fresh plan
// then applies exactly the reviewed one.
func (c *ApplyCmd) choosePlan(fresh *plan.Plan, freshSum string) (*plan.Plan, error) {
	if c.File == "" {
		return fresh, nil
	}
	saved, sum, err := readPlanHeader(c.File)
	if err != nil {
		return nil, err
	}
	if moved := staleness(saved, fresh); moved != "" {
		return nil, &exitError{code: ExitStale, err: fmt.Errorf("saved plan %s is stale: %s; run plan again and review the new plan", c.File, moved)}
	}
	if sum != freshSum {
		return nil, &exitError{code: ExitStale, err: fmt.Errorf("saved plan %s no longer matches: with the same inputs and target this version plans differently (checksum %s, now %s); run plan again", c.File, sum, freshSum)}
	}
	return fresh, nil
}

func (c *ApplyCmd) checkSafety(e *env, cfg *config.Config, p *plan.Plan) error {
	reasons := p.Blocked(thresholds(cfg))
	if len(reasons) == 0 {
		return nil
	}
	sum := p.Checksum()
	if c.Ack == sum {
		fmt.Fprintf(e.stderr, "Safety thresholds exceeded but acknowledged with --ack %s:\n  %s\n", sum, strings.Join(reasons, "\n  "))
		return nil
	}
	msg := "the plan is blocked by safety thresholds:\n  " + strings.Join(reasons, "\n  ") +
		"\nReview the plan; to apply exactly this plan run: licentric-sync apply --ack " + sum
	if c.Ack != "" {
		msg = fmt.Sprintf("--ack %s does not match this plan (checksum %s): the plan changed since it was acknowledged\n%s", c.Ack, sum, msg)
	}
	return &exitError{code: ExitBlocked, err: errors.New(msg)}
}

var kindNames = map[string]plan.Kind{"products": plan.KindProduct, "policies": plan.KindPolicy, "licenses": plan.KindLicense}

func thresholds(cfg *config.Config) plan.Thresholds {
	over := plan.Thresholds{}
	for kind, acts := range cfg.Options.Safety {
		k := kindNames[kind]
		over[k] = map[plan.Action]plan.Threshold{}
		for action, th := range acts {
			over[k][plan.Action(action)] = plan.Threshold{MaxPercent: th.MaxPercent, MaxCount: th.MaxCount}
		}
	}
	return plan.DefaultThresholds().Merge(over)
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
