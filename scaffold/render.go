package scaffold

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/licentric/licentric-sync/config"
)

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slug makes an id from a display value, unique within used.
func slug(value, fallback string, max int, used map[string]bool) string {
	s := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(value), "-"), "-")
	if s == "" {
		s = fallback
	}
	if len(s) > max-4 {
		s = strings.Trim(s[:max-4], "-")
	}
	base := s
	for i := 2; used[s]; i++ {
		s = fmt.Sprintf("%s-%d", base, i)
	}
	used[s] = true
	return s
}

// uuidLike is an id in place of a name (Cryptlex exports product ids).
var uuidLike = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// policyID is "<product code>-<tier>", without doubling a product name
// the tier already starts with ("Studio" + "Studio Lifetime" is
// studio-lifetime, not studio-studio-lifetime).
func policyID(productCode, tier string) string {
	t := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(tier), "-"), "-")
	switch {
	case t == "":
		return productCode
	case productCode == "" || t == productCode || strings.HasPrefix(t, productCode+"-"):
		return t
	}
	return productCode + "-" + t
}

// quote writes s as a YAML double-quoted scalar: a JSON string is one,
// written without HTML escapes so "a > b" reads as typed.
func quote(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// From is where a scaffolded source reads: export files (Path) or a
// platform's API (API).
type From struct {
	Path string
	API  *config.API
}

// args are init's arguments as the header comment repeats them.
func (f From) args() string {
	if f.API == nil {
		return f.Path
	}
	return "--api --token-env " + f.API.TokenEnv
}

// block writes the source's path: or api: lines.
func (f From) block(b *strings.Builder) {
	if f.API == nil {
		fmt.Fprintf(b, "    path: %s\n", quote(f.Path))
		return
	}
	b.WriteString("    api:                       # read live; the token stays in the environment, never here\n")
	fmt.Fprintf(b, "      url: %s\n      token_env: %s\n", quote(f.API.URL), f.API.TokenEnv)
	if f.API.StoreID != "" {
		fmt.Fprintf(b, "      store_id: %s\n", f.API.StoreID)
	}
}

// render writes the config. Every value init had to make up (a name, a
// code) or derive (a machine limit) carries a comment saying so; what it
// cannot tell is written so that validate stops on it, and listed in
// st.Open.
func render(platform string, from From, columns map[string]string, combos []*combo, words map[string]int, st *Stats) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# Starter config written by `licentric-sync init --platform %s %s`.\n", platform, from.args())
	b.WriteString("# Review names, codes and machine limits; run `licentric-sync mapping` to see how every\n")
	b.WriteString("# value maps, and `licentric-sync plan` to see what would change. Docs: docs/config.md.\n")
	b.WriteString("# A comment on a line says where init took its value from, or that it made it up.\n")
	b.WriteString("version: 1\n\n# No target: the local store at .licentric/state.db beside this file.\n\n")
	codes := renderProducts(&b, combos, st)
	ids := renderPolicies(&b, platform, combos, codes, st)
	fmt.Fprintf(&b, "\nsources:\n  - name: %s\n    platform: %s\n", platform, platform)
	from.block(&b)
	if len(columns) > 0 {
		b.WriteString("    columns:                   # set with init --column\n")
		for _, f := range slices.Sorted(maps.Keys(columns)) {
			fmt.Fprintf(&b, "      %s: %s\n", f, quote(columns[f]))
		}
	}
	renderRules(&b, combos, ids, st)
	renderStatuses(&b, platform, words, st)
	renderEntitlements(&b, st)
	b.WriteString("\noptions:\n  prune: false                 # never delete licenses that left the export\n  on_conflict: fail            # stop on keys the target holds that we did not create\n")
	return []byte(b.String())
}

// renderProducts writes one product per distinct product value and
// returns their codes by value.
func renderProducts(b *strings.Builder, combos []*combo, st *Stats) map[string]string {
	b.WriteString("products:\n")
	codes, usedCodes := map[string]string{}, map[string]bool{}
	for _, c := range combos {
		if _, ok := codes[c.product]; ok {
			continue
		}
		name, code, note, nameNote := c.product, c.product, "  # made from the name", "  # from the export"
		switch {
		case name == "":
			name, code, note, nameNote = "My product", "my-product", "  # made up: the export names no product; rename", ""
		case uuidLike.MatchString(name):
			// the export names the product by id only (Cryptlex): propose a
			// short code and a name to replace
			short := strings.ToLower(name[:8])
			name, code, note, nameNote = "Product "+short, "product-"+short, "  # the export has only the id "+c.product+"; rename", ""
		}
		codes[c.product] = slug(code, "my-product", 50, usedCodes)
		fmt.Fprintf(b, "  - code: %s%s\n    name: %s%s\n", codes[c.product], note, quote(name), nameNote)
		st.Products++
	}
	return codes
}

// renderPolicies writes one policy per product and policy (or variant)
// combination and returns their ids.
func renderPolicies(b *strings.Builder, platform string, combos []*combo, codes map[string]string, st *Stats) map[*combo]string {
	b.WriteString("\npolicies:\n")
	ids, usedIDs := map[*combo]string{}, map[string]bool{}
	for _, c := range combos {
		name, note := strings.TrimSpace(c.tier), "  # from the export"
		if name == "" {
			name, note = "Default", "  # made up: the export names no policy or variant; rename"
		}
		ids[c] = slug(policyID(codes[c.product], c.tier), "default", 100, usedIDs)
		lim := policyLimit(platform, name, c)
		fmt.Fprintf(b, "  - id: %s            # made from the names; %s\n    product: %s\n    name: %s%s\n    max_machines: %s  # %s\n",
			ids[c], count(c.count), codes[c.product], quote(name), note, lim.value, lim.comment)
		if lim.open != "" {
			st.Open = append(st.Open, lim.open)
		}
		st.Policies++
	}
	return ids
}

// renderRules writes a rule per combination, matching its export values.
func renderRules(b *strings.Builder, combos []*combo, ids map[*combo]string, st *Stats) {
	b.WriteString("    rules:                     # first match wins\n")
	for _, c := range combos {
		var match []string
		if c.product != "" {
			match = append(match, "product: "+quote(c.product))
		}
		if c.tier != "" {
			match = append(match, c.tierField+": "+quote(c.tier))
		}
		if len(match) == 0 {
			fmt.Fprintf(b, "      - policy: %s          # every license\n", ids[c])
		} else {
			fmt.Fprintf(b, "      - match: { %s }\n        policy: %s\n", strings.Join(match, ", "), ids[c])
		}
		st.Rules++
	}
}
