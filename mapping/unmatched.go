package mapping

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
)

var errUnmatched = errors.New("no rule matches")

// unmatched gathers the distinct product/policy/variant combinations that
// no rule matched, so the plan fails once with everything the user needs
// to write the missing rules.
type unmatched struct {
	source string
	combos map[string]*combo
	redact license.Redactor
}

type combo struct {
	values [3]string // product, policy, variant as the export shows them
	count  int
	at     []string
}

func newUnmatched(source string) *unmatched {
	return &unmatched{source: source, combos: map[string]*combo{}}
}

func pick(r *providers.Record, name, id providers.Field) string {
	if v := r.Value(name); v != "" {
		return v
	}
	return r.Value(id)
}

func (u *unmatched) add(r *providers.Record) {
	vals := [3]string{pick(r, providers.FProduct, providers.FProductID), pick(r, providers.FPolicy, providers.FPolicyID),
		pick(r, providers.FVariant, providers.FVariantID)}
	k := strings.Join(vals[:], "\x00")
	c := u.combos[k]
	if c == nil {
		c = &combo{values: vals}
		u.combos[k] = c
	}
	c.count++
	if len(c.at) < 3 {
		c.at = append(c.at, license.Position(r.File, r.Line))
	}
}

// err renders one error for all unmatched rows of the source, or nil.
func (u *unmatched) err() error {
	if len(u.combos) == 0 {
		return nil
	}
	list := make([]*combo, 0, len(u.combos))
	total := 0
	for _, c := range u.combos {
		list = append(list, c)
		total += c.count
	}
	sort.Slice(list, func(i, j int) bool {
		return list[i].count > list[j].count || (list[i].count == list[j].count && list[i].at[0] < list[j].at[0])
	})
	var b strings.Builder
	fmt.Fprintf(&b, "source %s: %d rows match no rule (first match wins; a rule with no match: catches everything). Unmatched values:\n", u.source, total)
	for _, c := range list {
		fmt.Fprintf(&b, "  %s: %d rows, at %s\n", u.describeCombo(c.values), c.count, strings.Join(c.at, ", "))
	}
	b.WriteString("Add rules like these under the source's rules: and set each policy id:\n")
	for _, c := range list {
		fmt.Fprintf(&b, "      - match: { %s }\n        policy: <policy id>\n", u.matchSnippet(c.values))
	}
	return errors.New(strings.TrimRight(b.String(), "\n"))
}

var comboNames = [3]string{"product", "policy", "variant"}

func (u *unmatched) describeCombo(v [3]string) string {
	var parts []string
	for i, s := range v {
		if s != "" {
			parts = append(parts, comboNames[i]+"="+u.redact.Value(s))
		}
	}
	if len(parts) == 0 {
		return "(no product, policy or variant value)"
	}
	return strings.Join(parts, " ")
}

func (u *unmatched) matchSnippet(v [3]string) string {
	var parts []string
	for i, s := range v {
		if s != "" {
			parts = append(parts, comboNames[i]+": "+u.redact.Short(s))
		}
	}
	return strings.Join(parts, ", ")
}
