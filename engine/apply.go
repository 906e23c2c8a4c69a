package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/licentric/licentric-sync/apply"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/local"
)

// Prepare readies a target for writing: it takes the target's apply lock
// where it has one and sets how many one-license changes run at once
// where it can.
func Prepare(ctx context.Context, t providers.Target, parallelism int) error {
	if l, ok := t.(providers.Locker); ok {
		if err := l.Lock(ctx, "licentric-sync apply"); err != nil {
			return err
		}
	}
	if p, ok := t.(providers.ParallelApplier); ok {
		p.SetParallelism(parallelism)
	}
	return nil
}

// Materialize returns the target to apply to. A local store that did not
// exist when the plan was made (local.Absent) is created only now, after
// the plan passed every check and was confirmed, so a refused apply
// leaves no empty store or lock file behind. The new store is locked and
// must still be empty, or the plan no longer describes it.
func (e *Engine) Materialize(ctx context.Context, t providers.Target, parallelism int) (providers.Target, error) {
	if _, absent := t.(local.Absent); !absent {
		return t, nil
	}
	created, err := e.OpenTarget(ReadWrite)
	if err != nil {
		return nil, err
	}
	if err := Prepare(ctx, created, parallelism); err != nil {
		created.Close()
		return nil, err
	}
	cur, err := created.Current(ctx)
	if err != nil {
		created.Close()
		return nil, err
	}
	if cur.Count > 0 || len(cur.Products) > 0 || len(cur.Policies) > 0 {
		created.Close()
		return nil, &StaleError{File: "(fresh plan)", Moved: "another run created the local store while this plan was reviewed"}
	}
	return created, nil
}

// Apply runs the plan against the target. Call Converged after it.
func (e *Engine) Apply(ctx context.Context, t providers.Target, p *Planned, o apply.Options) (apply.Result, error) {
	res, err := apply.Run(ctx, t, p.Plan, o)
	p.Took.Apply = res.Duration
	return res, err
}

// Converged re-reads the target after an apply and plans again from the
// same desired state: the result must be empty. Anything left means the
// target did not take a change as sent, which the user must know.
func (e *Engine) Converged(ctx context.Context, t providers.Target, p *Planned) error {
	start := time.Now()
	defer func() { p.Took.Check = time.Since(start) }()
	cur, err := t.Current(ctx)
	if err != nil {
		return fmt.Errorf("apply finished, but re-reading the target failed: %w", err)
	}
	again, err := plan.Compute(e.desiredState(p.Result), cur, e.planOptions(t.Capabilities()))
	if err != nil {
		return fmt.Errorf("apply finished, but re-reading the target failed: %w", err)
	}
	if !again.Empty() {
		c := &again.Changes[0]
		return fmt.Errorf("apply finished, but the target still differs in %d changes (first: %s %s %s); run plan to see them",
			len(again.Changes), c.Action, c.Kind, c.Ref())
	}
	return nil
}
