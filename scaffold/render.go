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

func quote(s string) string {
	b, _ := json.Marshal(s) // a JSON string is a valid YAML double-quoted scalar
	return string(b)
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

func render(platform string, from From, columns map[string]string, combos []*combo, words map[string]int, st *Stats) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# Starter config written by `licentric-sync init --platform %s %s`.\n", platform, from.args())
	b.WriteString("# Review names, codes and machine limits; run `licentric-sync mapping` to see how every\n")
	b.WriteString("# value maps, and `licentric-sync plan` to see what would change. Docs: docs/config.md.\n")
	b.WriteString("version: 1\n\n# No target: the local store at .licentric/state.db beside this file.\n\nproducts:\n")
	codes, usedCodes := map[string]string{}, map[string]bool{}
	for _, c := range combos {
		if _, ok := codes[c.product]; ok {
			continue
		}
		name, code, note := c.product, c.product, ""
		switch {
		case name == "":
			name, code = "My product", "my-product"
		case uuidLike.MatchString(name):
			// the export names the product by id only (Cryptlex): propose a
			// short code and a name to replace
			short := strings.ToLower(name[:8])
			name, code, note = "Product "+short, "product-"+short, "  # the export has only the id "+c.product+"; rename"
		}
		codes[c.product] = slug(code, "my-product", 50, usedCodes)
		fmt.Fprintf(&b, "  - code: %s%s\n    name: %s\n", codes[c.product], note, quote(name))
		st.Products++
	}
	b.WriteString("\npolicies:\n")
	ids, usedIDs := map[*combo]string{}, map[string]bool{}
	for _, c := range combos {
		name := strings.TrimSpace(c.tier)
		if name == "" {
			name = "Default"
		}
		ids[c] = slug(policyID(codes[c.product], c.tier), "default", 100, usedIDs)
		fmt.Fprintf(&b, "  - id: %s            # %d licenses\n    product: %s\n    name: %s\n    max_machines: %s\n",
			ids[c], c.count, codes[c.product], quote(name), commonLimit(c.limits))
		st.Policies++
	}
	fmt.Fprintf(&b, "\nsources:\n  - name: %s\n    platform: %s\n", platform, platform)
	from.block(&b)
	if len(columns) > 0 {
		b.WriteString("    columns:                   # set with init --column\n")
		for _, f := range slices.Sorted(maps.Keys(columns)) {
			fmt.Fprintf(&b, "      %s: %s\n", f, quote(columns[f]))
		}
	}
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
			fmt.Fprintf(&b, "      - policy: %s          # every license\n", ids[c])
		} else {
			fmt.Fprintf(&b, "      - match: { %s }\n        policy: %s\n", strings.Join(match, ", "), ids[c])
		}
		st.Rules++
	}
	if unknown := unknownWords(platform, words); len(unknown) > 0 {
		b.WriteString("    # These status words are not known for this platform; each is set to active here.\n")
		b.WriteString("    # Change each to the Licentric status it means: active, suspended, expired, revoked, banned.\n")
		b.WriteString("    statuses:\n")
		for _, w := range unknown {
			fmt.Fprintf(&b, "      %s: active\n", quote(strings.ToLower(w)))
		}
	}
	b.WriteString("\noptions:\n  prune: false                 # never delete licenses that left the export\n  on_conflict: fail            # stop on keys the target holds that we did not create\n")
	return []byte(b.String())
}
