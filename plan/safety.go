package plan

import (
	"fmt"
	"sort"
)

// Threshold bounds one kind and action: a share of the managed resources
// the target already holds, and/or an absolute count. nil means no bound.
type Threshold struct {
	MaxPercent *float64
	MaxCount   *int
}

// Thresholds are keyed by kind, then action (create, update, delete,
// suspend, reinstate, revoke, expire).
type Thresholds map[Kind]map[Action]Threshold

func pct(v float64) *float64 { return &v }
func count(v int) *int       { return &v }

// DefaultThresholds guard against the classic mass accident: more than
// 30% of managed licenses updated, 5% deleted, or any revoke. Revoked is
// final in Licentric, so every revoke of an existing license needs an
// explicit acknowledgement.
func DefaultThresholds() Thresholds {
	return Thresholds{KindLicense: {
		Update: {MaxPercent: pct(30)},
		Delete: {MaxPercent: pct(5)},
		Revoke: {MaxCount: count(0)},
	}}
}

// Merge overlays configured thresholds on the defaults.
func (t Thresholds) Merge(over Thresholds) Thresholds {
	out := Thresholds{}
	for _, src := range []Thresholds{t, over} {
		for k, acts := range src {
			if out[k] == nil {
				out[k] = map[Action]Threshold{}
			}
			for a, th := range acts {
				out[k][a] = th
			}
		}
	}
	return out
}

// Blocked lists, with numbers, every threshold the plan exceeds. Status
// actions count whether they come alone or with field updates. Percentages
// apply only once the target holds at least 10 managed resources of the
// kind, so a first small migration is not blocked by its own size. A
// source that shrinks (see shrunk) blocks whatever the counts.
func (p *Plan) Blocked(t Thresholds) []string {
	counts := p.Summary.ByKind
	out := append(p.shrunk(p.Prune), p.Account.overCaps()...)
	for kind, acts := range t {
		for action, th := range acts {
			n := counts[kind][action]
			if n == 0 {
				continue
			}
			base := p.Managed[kind]
			if th.MaxCount != nil && n > *th.MaxCount {
				out = append(out, fmt.Sprintf("%d %s %ss exceed options.safety.%ss.%s.max_count %d", n, kind, action, kind, action, *th.MaxCount))
			}
			if th.MaxPercent != nil && base >= 10 {
				share := float64(n) * 100 / float64(base)
				if share > *th.MaxPercent {
					out = append(out, fmt.Sprintf("%d %s %ss are %.1f%% of the %d managed %ss, over options.safety.%ss.%s.max_percent %g",
						n, kind, action, share, base, kind, kind, action, *th.MaxPercent))
				}
			}
		}
	}
	sort.Strings(out)
	return out
}
