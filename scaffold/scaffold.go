// Package scaffold writes a starter licentric.yaml from an export: one
// product per distinct product value, one policy per distinct product and
// policy (or variant) combination, and a rule for each, so the file
// validates and plans as written and the user only edits names and limits.
package scaffold

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/licentric/licentric-sync/providers"
)

// Stats says what the scaffold contains.
type Stats struct {
	Products, Policies, Rules, Rows int
	// Open lists what init could not tell from the export and left for
	// the user to decide: validate fails until each is written.
	Open []string
	// entitlements counts the entitlement codes seen, for the renames
	// init proposes.
	entitlements map[string]int
}

type combo struct {
	product, tier string         // values as the export shows them
	tierField     string         // "policy" or "variant"
	limits        map[string]int // machine limits as stated, by licenses stating them
	held          int            // licenses whose record has a machine limit field
	count         int
}

// Config reads a source and returns the text of a starter config.
// columns are the user's overrides of the auto-mapping (init --column),
// written into the source's columns: so the config reads as init did.
func Config(ctx context.Context, s providers.Source, from From, columns map[string]string) ([]byte, Stats, error) {
	combos := map[[2]string]*combo{}
	words := map[string]int{}
	var st Stats
	for rec, err := range s.Records(ctx) {
		if err != nil {
			var re *providers.RowError
			if errors.As(err, &re) {
				continue // row problems show up in validate and plan
			}
			return nil, st, err
		}
		st.Rows++
		c := tally(combos, rec)
		c.count++
		if v, ok := rec.Get(providers.FMaxMachines); ok {
			c.held++
			c.limits[strings.TrimSpace(v)]++
		}
		if w := rec.Value(providers.FStatus); w != "" {
			words[w]++
		}
		tallyEntitlements(&st, rec)
	}
	if st.Rows == 0 {
		where := from.Path
		if from.API != nil {
			where = from.API.URL
		}
		return nil, st, fmt.Errorf("%s: no licenses found to scaffold from", where)
	}
	return render(s.Platform(), from, columns, sorted(combos), words, &st), st, nil
}

func tally(combos map[[2]string]*combo, r *providers.Record) *combo {
	product := first(r, providers.FProduct, providers.FProductID)
	tier, field := first(r, providers.FPolicy, providers.FPolicyID), "policy"
	if v := first(r, providers.FVariant, providers.FVariantID); v != "" {
		tier, field = v, "variant"
	}
	k := [2]string{product, tier}
	c := combos[k]
	if c == nil {
		c = &combo{product: product, tier: tier, tierField: field, limits: map[string]int{}}
		combos[k] = c
	}
	return c
}

func first(r *providers.Record, fs ...providers.Field) string {
	for _, f := range fs {
		if v := strings.TrimSpace(r.Value(f)); v != "" {
			return v
		}
	}
	return ""
}

func sorted(m map[[2]string]*combo) []*combo {
	out := make([]*combo, 0, len(m))
	for _, c := range m {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].product != out[j].product {
			return out[i].product < out[j].product
		}
		return out[i].tier < out[j].tier
	})
	return out
}
