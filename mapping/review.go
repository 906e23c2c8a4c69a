package mapping

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers"
)

// Value is one distinct value of a field with its count and what rows
// with it map to (policy ids, or statuses).
type Value struct {
	Value  string   `json:"value"`
	Count  int      `json:"count"`
	MapsTo []string `json:"maps_to"`
}

// Review is what `licentric-sync mapping` shows for one source: how the
// export was read and what every distinct value becomes.
type Review struct {
	Source   string                `json:"source"`
	Platform string                `json:"platform"`
	Report   *providers.ReadReport `json:"report"`
	Values   map[string][]Value    `json:"values"` // product, policy, variant, status
	Problems int                   `json:"problems"`
}

// reviewFields are the fields whose distinct values the review lists.
var reviewFields = []providers.Field{providers.FProduct, providers.FPolicy, providers.FVariant, providers.FStatus}

// ReviewSource reads a source and tallies its distinct values. Row
// problems are counted, not fatal: the review is how a user fixes them.
func ReviewSource(ctx context.Context, cfg *config.Config, s providers.Source, now time.Time, opts ...Option) (*Review, error) {
	src, _ := cfg.Source(s.Name())
	m := newMapper(cfg, src, now, newResult(), opts...)
	tally := map[providers.Field]map[string]map[string]int{}
	for _, f := range reviewFields {
		tally[f] = map[string]map[string]int{}
	}
	rv := &Review{Source: s.Name(), Platform: s.Platform(), Values: map[string][]Value{}}
	for rec, err := range s.Records(ctx) {
		if err != nil {
			var re *providers.RowError
			if !errors.As(err, &re) {
				return nil, err
			}
			rv.Problems++
			continue
		}
		policy := "(no rule)"
		if p, ok := m.match(rec); ok {
			policy = p.ID
		}
		status := m.plannedStatus(rec)
		for _, f := range reviewFields {
			v, ok := rec.Get(f)
			if !ok {
				if f == providers.FStatus {
					v = "(from flags and expiry)"
				} else {
					continue
				}
			}
			to := policy
			if f == providers.FStatus {
				to = status
			}
			if tally[f][v] == nil {
				tally[f][v] = map[string]int{}
			}
			tally[f][v][to]++
		}
	}
	rv.Report = s.Report()
	for _, f := range reviewFields {
		rv.Values[f.String()] = values(tally[f])
	}
	return rv, nil
}

// plannedStatus is the status the plan gives a row: the mapping's own
// answer, so a row without a status whose expiry has passed shows as
// expired, exactly as it will be created. A row the mapping refuses
// falls back to its status word alone.
func (m *mapper) plannedStatus(rec *providers.Record) string {
	if l, err := m.license(rec); err == nil {
		return string(l.Status)
	}
	word, err := m.statusWord(rec)
	if err != nil {
		return "(unknown)"
	}
	if word == "" {
		word = "active"
	}
	if st, ok := m.resolveStatus(word); ok {
		return string(st)
	}
	return "(unknown)"
}

func values(t map[string]map[string]int) []Value {
	out := make([]Value, 0, len(t))
	for v, to := range t {
		val := Value{Value: v}
		for target, n := range to {
			val.Count += n
			val.MapsTo = append(val.MapsTo, target)
		}
		sort.Strings(val.MapsTo)
		out = append(out, val)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	return out
}
