package scaffold

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
)

// limitGuess is a policy's max_machines as init writes it: the value, the
// comment on its line, and, when init could not tell, what to decide.
type limitGuess struct {
	value, comment, open string
}

// policyLimit derives a policy's machine limit from its licenses: the one
// value they all state, or, when the export has no limit or the licenses
// disagree, a value that fails validation and says where to find it.
// Never "unlimited" unless every license says so.
func policyLimit(platform, policy string, c *combo) limitGuess {
	name, whereName := policy, policy
	if license.LooksSensitive(name) { // a shifted column: init's output is never a place for a key
		name, whereName = license.Ref("value", name), license.Ref("value", name)
	}
	if strings.TrimSpace(c.tier) == "" { // init made the name up: the platform does not know it
		whereName = "the one these licenses use"
	}
	unknown := func(why string) limitGuess {
		where := fmt.Sprintf(factsOf(platform).LimitWhere, whereName)
		return limitGuess{value: quote(config.UnknownLimit + "find it in " + where), comment: "init could not tell: " + why,
			open: fmt.Sprintf("policy %q: its machine limit (%s)", name, why)}
	}
	if c.held == 0 {
		return unknown("the export has no machine limit")
	}
	values := maps.Clone(c.limits)
	if missing := c.count - c.held; missing > 0 {
		values[""] += missing
	}
	if len(values) > 1 {
		return unknown("its licenses disagree: " + listCounts(values))
	}
	v := config.FoldWord(slices.Collect(maps.Keys(values))[0])
	all := fmt.Sprintf("from the export: all %s say %s", count(c.count), v)
	if c.count == 1 {
		all = "from the export: its one license says " + v
	}
	switch n, err := strconv.Atoi(v); {
	case v == "unlimited" || v == "infinite" || v == "∞":
		return limitGuess{value: `"unlimited"`, comment: all}
	case v == "":
		return unknown("the export leaves it empty")
	case err != nil:
		return unknown(fmt.Sprintf("the export's %s is not a limit", shown(v)))
	case n < 1:
		return unknown(fmt.Sprintf("the export says %d, and Licentric needs at least 1", n))
	default:
		return limitGuess{value: strconv.Itoa(n), comment: all}
	}
}

// listCounts lists values with their counts, most frequent first, at most five.
func listCounts(values map[string]int) string {
	keys := slices.SortedFunc(maps.Keys(values), func(a, b string) int {
		if values[a] != values[b] {
			return values[b] - values[a]
		}
		return strings.Compare(a, b)
	})
	var parts []string
	for i, k := range keys {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("%d more", len(keys)-5))
			break
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", shown(k), count(values[k])))
	}
	return strings.Join(parts, ", ")
}

func count(n int) string {
	if n == 1 {
		return "1 license"
	}
	return fmt.Sprintf("%d licenses", n)
}

// shown quotes a limit read from the export for a comment and a message,
// unless it looks like a key or an email (a shifted column): the config
// is committed to Git.
func shown(v string) string {
	switch {
	case v == "":
		return "none"
	case license.LooksSensitive(v):
		return "a value like a key or an email"
	}
	return strconv.Quote(v)
}
