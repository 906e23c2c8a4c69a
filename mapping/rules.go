package mapping

import (
	"strings"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers"
)

// compiledRule is a config rule with its match fields resolved.
type compiledRule struct {
	rule   config.Rule
	fields []providers.Field
	globs  []string
}

// alternates are the fields a match key compares with: product, policy
// and variant match the name or the id, whichever the export has.
var alternates = map[providers.Field][]providers.Field{
	providers.FProduct: {providers.FProduct, providers.FProductID},
	providers.FPolicy:  {providers.FPolicy, providers.FPolicyID},
	providers.FVariant: {providers.FVariant, providers.FVariantID},
}

func compileRules(rules []config.Rule) (out []compiledRule, comboOnly bool) {
	comboOnly = true
	for _, r := range rules {
		cr := compiledRule{rule: r}
		for name, glob := range r.Match {
			f, ok := providers.FieldByName(name)
			if !ok {
				continue // the schema already refused unknown fields
			}
			if _, combo := alternates[f]; !combo {
				comboOnly = false
			}
			cr.fields = append(cr.fields, f)
			cr.globs = append(cr.globs, glob)
		}
		out = append(out, cr)
	}
	return out, comboOnly
}

func (cr *compiledRule) matches(r *providers.Record) bool {
	for i, f := range cr.fields {
		alts, ok := alternates[f]
		if !ok {
			alts = []providers.Field{f}
		}
		hit := false
		for _, a := range alts {
			if v, present := r.Get(a); present && globMatch(cr.globs[i], v) {
				hit = true
				break
			}
		}
		if !hit {
			return false
		}
	}
	return true
}

// globMatch matches s against a pattern where * stands for any run of
// characters; everything else is literal and compared without regard to
// letter case, so "studio*" matches "Studio Yearly".
func globMatch(pattern, s string) bool {
	p, v := strings.ToLower(pattern), strings.ToLower(s)
	parts := strings.Split(p, "*")
	if len(parts) == 1 {
		return p == v
	}
	if !strings.HasPrefix(v, parts[0]) {
		return false
	}
	v = v[len(parts[0]):]
	for _, mid := range parts[1 : len(parts)-1] {
		i := strings.Index(v, mid)
		if i < 0 {
			return false
		}
		v = v[i+len(mid):]
	}
	return strings.HasSuffix(v, parts[len(parts)-1])
}

// comboKey identifies the values rules look at, so a million records with
// a handful of distinct product/policy/variant values match rules once per
// distinct combination.
func comboKey(r *providers.Record) string {
	var b strings.Builder
	for _, f := range []providers.Field{providers.FProduct, providers.FProductID, providers.FPolicy,
		providers.FPolicyID, providers.FVariant, providers.FVariantID} {
		if v, ok := r.Get(f); ok {
			b.WriteString(v)
		} else {
			b.WriteByte(0)
		}
		b.WriteByte(1)
	}
	return b.String()
}
