package scaffold

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/mapping"
	"github.com/licentric/licentric-sync/providers"
)

// tallyEntitlements counts the entitlement codes a record names.
func tallyEntitlements(st *Stats, r *providers.Record) {
	raw, ok := r.Get(providers.FEntitlements)
	if !ok {
		return
	}
	codes, err := mapping.EntitlementList(raw)
	if err != nil {
		return // the plan reports it, located
	}
	if st.entitlements == nil {
		st.entitlements = map[string]int{}
	}
	for _, c := range codes {
		st.entitlements[c]++
	}
}

// renderEntitlements proposes a rename for each code Licentric cannot
// take as it is (lowercase letters, digits, - and _, at most 100). A
// code with no proposal, or whose proposal another code already has, is
// written empty, which validate refuses until it is chosen.
func renderEntitlements(b *strings.Builder, st *Stats) {
	var bad []string
	for _, c := range slices.Sorted(maps.Keys(st.entitlements)) {
		if license.CheckEntitlementCode(c) != nil {
			bad = append(bad, c)
		}
	}
	if len(bad) == 0 {
		return
	}
	b.WriteString("    entitlements:              # codes renamed to Licentric's (lowercase a-z, 0-9, - and _); proposed by init, review them\n")
	taken := map[string]bool{}
	for c := range st.entitlements {
		if license.CheckEntitlementCode(c) == nil {
			taken[c] = true
		}
	}
	for _, c := range bad {
		to := license.ProposeEntitlementCode(c)
		note := count(st.entitlements[c])
		if to == "" || taken[to] {
			to, note = "", "choose a code: the proposal is empty or already used"
			st.Open = append(st.Open, fmt.Sprintf("a Licentric code for entitlement %s", quote(c)))
		}
		taken[to] = true
		fmt.Fprintf(b, "      %s: %s  # %s\n", quote(c), quote(to), note)
	}
}
