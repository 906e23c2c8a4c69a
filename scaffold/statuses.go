package scaffold

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/mapping"
)

// statusChoices are the Licentric statuses a statuses: entry may name.
const statusChoices = "active, suspended, expired, revoked, banned"

// renderStatuses lists, as comments, the status words the export uses:
// the known ones with the meaning the mapping gives them, and the unknown
// ones as a statuses: block to fill in. An unknown word is never given a
// meaning here: validate stops on it, naming it and the line to add.
func renderStatuses(b *strings.Builder, platform string, words map[string]int, st *Stats) {
	folded := map[string]int{}
	for w, n := range words {
		folded[config.FoldWord(w)] += n
	}
	var known, unknown []string
	hidden := 0
	for _, w := range slices.Sorted(maps.Keys(folded)) {
		to, ok := mapping.DefaultStatus(platform, w)
		switch {
		case ok:
			known = append(known, fmt.Sprintf("%s → %s (%d)", w, to, folded[w]))
		case license.LooksSensitive(w):
			hidden++
		default:
			unknown = append(unknown, w)
		}
	}
	if len(known) > 0 {
		fmt.Fprintf(b, "    # status words read with their documented meaning: %s\n", strings.Join(known, ", "))
	}
	if len(unknown) == 0 && hidden == 0 {
		return
	}
	fmt.Fprintf(b, "    # init does not know what these status words mean on %s, so it gives them no meaning:\n", platform)
	fmt.Fprintf(b, "    # validate stops on them until each is mapped to one of %s.\n", statusChoices)
	b.WriteString("    # statuses:\n")
	for _, w := range unknown {
		fmt.Fprintf(b, "    #   %s: <status>    # %s\n", quote(w), count(folded[w]))
		st.Open = append(st.Open, fmt.Sprintf("status %s: what it means in Licentric (%s)", quote(w), count(folded[w])))
	}
	if hidden > 0 {
		fmt.Fprintf(b, "    #   (%d more that look like keys or emails: is a column shifted? validate lists them)\n", hidden)
		st.Open = append(st.Open, fmt.Sprintf("%d status values that look like keys or emails", hidden))
	}
}
