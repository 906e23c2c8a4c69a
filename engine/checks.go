package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/licentric/licentric-sync/plan"
)

// BlockedError says a plan crossed a safety threshold. The CLI exits 3
// with it; `apply --ack Checksum` accepts exactly that plan.
type BlockedError struct {
	Reasons  []string
	Checksum string
	// AckMismatch is the --ack value given, when it named another plan.
	AckMismatch string
	// Apply is the command the hint starts with ("licentric-sync apply"
	// unless the caller knows how the user reaches this config).
	Apply string
}

// Error names every threshold crossed and how to accept the plan.
func (b *BlockedError) Error() string {
	apply := b.Apply
	if apply == "" {
		apply = "licentric-sync apply"
	}
	msg := "the plan is blocked by safety thresholds:\n  " + strings.Join(b.Reasons, "\n  ") +
		"\nReview the plan; to apply exactly this plan run: " + apply + " --ack " + b.Checksum
	if b.AckMismatch != "" {
		msg = fmt.Sprintf("--ack %s does not match this plan (checksum %s): the plan changed since it was acknowledged\n%s", b.AckMismatch, b.Checksum, msg)
	}
	return msg
}

// StaleError says a saved plan no longer matches its inputs or the
// target. The CLI exits 4 with it.
type StaleError struct {
	File  string
	Moved string
}

// Error names the plan file and what moved.
func (s *StaleError) Error() string {
	return fmt.Sprintf("saved plan %s is stale: %s; run plan again and review the new plan", s.File, s.Moved)
}

var kindNames = map[string]plan.Kind{"products": plan.KindProduct, "policies": plan.KindPolicy, "licenses": plan.KindLicense}

// Thresholds are the defaults merged with the config's options.safety.
func (e *Engine) Thresholds() plan.Thresholds {
	over := plan.Thresholds{}
	for kind, acts := range e.Config.Options.Safety {
		k := kindNames[kind]
		over[k] = map[plan.Action]plan.Threshold{}
		for action, th := range acts {
			over[k][plan.Action(action)] = plan.Threshold{MaxPercent: th.MaxPercent, MaxCount: th.MaxCount}
		}
	}
	return plan.DefaultThresholds().Merge(over)
}

// Blocked lists the thresholds the plan crosses (none: nil).
func (e *Engine) Blocked(p *Planned) []string { return p.Plan.Blocked(e.Thresholds()) }

// CheckSafety returns a BlockedError when the plan crosses a threshold
// and ack is not its checksum; acknowledged reports an accepted block.
func (e *Engine) CheckSafety(p *Planned, ack string) (acknowledged []string, err error) {
	reasons := p.Plan.Blocked(e.Thresholds())
	if len(reasons) == 0 {
		return nil, nil
	}
	sum := p.Checksum()
	if ack == sum {
		return reasons, nil
	}
	b := &BlockedError{Reasons: reasons, Checksum: sum}
	if ack != "" {
		b.AckMismatch = ack
	}
	return nil, b
}

// Staleness compares a saved plan with a fresh one and names what moved:
// an input file (config or export) or the target's state. "" means the
// saved plan is still exactly applicable.
func Staleness(saved, fresh *plan.Plan) string {
	var moved []string
	old := map[string]string{}
	for _, in := range saved.Inputs {
		old[in.Path] = in.SHA256
	}
	now := map[string]bool{}
	for _, in := range fresh.Inputs {
		now[in.Path] = true
		sum, ok := old[in.Path]
		switch {
		case !ok:
			moved = append(moved, fmt.Sprintf("input %s is new", in.Path))
		case sum != in.SHA256:
			moved = append(moved, fmt.Sprintf("input %s changed", in.Path))
		}
	}
	for _, in := range saved.Inputs {
		if !now[in.Path] {
			moved = append(moved, fmt.Sprintf("input %s is gone", in.Path))
		}
	}
	if saved.TargetFingerprint != fresh.TargetFingerprint {
		moved = append(moved, "the target's state changed since the plan was made")
	}
	if !slices.Equal(saved.Only, fresh.Only) {
		moved = append(moved, fmt.Sprintf("the plan covers sources %s, this run %s: pass the same --source",
			selection(saved.Only), selection(fresh.Only)))
	}
	if saved.Target != fresh.Target {
		moved = append(moved, fmt.Sprintf("the target is now %s, not %s", fresh.Target, saved.Target))
	}
	return strings.Join(moved, "; ")
}

// selection names a --source selection for messages.
func selection(only []string) string {
	if len(only) == 0 {
		return "(all)"
	}
	return strings.Join(only, ", ")
}

// MatchSaved checks that the fresh plan is exactly the saved one: same
// inputs, same target state, same checksum. Applying the fresh plan then
// applies exactly the reviewed one.
func MatchSaved(file string, saved *plan.Plan, savedSum string, fresh *Planned) error {
	if moved := Staleness(saved, fresh.Plan); moved != "" {
		return &StaleError{File: file, Moved: moved}
	}
	if sum := fresh.Checksum(); savedSum != sum {
		return &StaleError{File: file, Moved: fmt.Sprintf("with the same inputs and target this version plans differently (checksum %s, now %s)", savedSum, sum)}
	}
	return nil
}
