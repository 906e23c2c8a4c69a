package cli

import (
	"fmt"
	"strings"

	"github.com/licentric/licentric-sync/plan"
)

// staleness compares a saved plan with a fresh one and names what moved:
// an input file (config or export) or the target's state. "" means the
// saved plan is still exactly applicable.
func staleness(saved, fresh *plan.Plan) string {
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
	if saved.Target != fresh.Target {
		moved = append(moved, fmt.Sprintf("the target is now %s, not %s", fresh.Target, saved.Target))
	}
	return strings.Join(moved, "; ")
}
