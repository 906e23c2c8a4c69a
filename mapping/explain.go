package mapping

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
)

// Provenance says where one field of a desired license came from.
type Provenance struct {
	Field     string
	Value     string
	Sensitive string // "", "secret" or "pii": how to show Value
	From      string
}

// Explanation is `plan --explain`: one license, field by field.
type Explanation struct {
	Key    license.Key
	Origin license.Origin
	Fields []Provenance
}

// MinRefDigits is the fewest hex digits a key reference given to Explain
// may have: fewer would match thousands of licenses.
const MinRefDigits = 4

// Explain finds the license whose key is ref, or whose key reference
// starts with ref (key:3f9a, the 8 digits of an older plan, or all 16),
// and tells where every field value came from: column and position,
// rule, status mapping, policy default or static metadata. A reference
// that matches several keys is an error that says how many: every row is
// read, so the answer is never one picked silently.
func Explain(ctx context.Context, cfg *config.Config, sources []providers.Source, ref string, now time.Time, opts ...Option) (*Explanation, error) {
	match, err := keyMatcher(ref)
	if err != nil {
		return nil, err
	}
	var found *Explanation
	var foundErr error
	keys := map[license.Key]bool{}
	for _, s := range sources {
		src, _ := cfg.Source(s.Name())
		m := newMapper(cfg, src, now, newResult(), opts...)
		for rec, err := range s.Records(ctx) {
			if err != nil {
				continue
			}
			key := license.Key(rec.Value(providers.FKey))
			if key == "" || !match(key) || keys[key] {
				continue
			}
			if len(keys) == 0 {
				found, foundErr = m.explain(rec)
			}
			keys[key] = true
		}
	}
	switch {
	case len(keys) > 1:
		return nil, fmt.Errorf("%s matches %d license keys; give more of the reference (a key's reference has %d hex digits, as plans show it)",
			ref, len(keys), license.KeyRefDigits)
	case len(keys) == 1:
		return found, foundErr
	}
	shown := ref
	if !strings.HasPrefix(ref, "key:") {
		shown = license.Key(ref).Ref() // a raw key was given: do not echo it
	}
	return nil, fmt.Errorf("no source row has a license with key reference %s (references look like %s)", shown, license.Key("example").Ref())
}

// keyMatcher tells whether a key is the one ref names: the key itself,
// or a key whose reference starts with ref (key: and hex digits).
func keyMatcher(ref string) (func(license.Key) bool, error) {
	digits, isRef := strings.CutPrefix(ref, "key:")
	if !isRef || digits == "" || strings.Trim(digits, "0123456789abcdef") != "" {
		return func(k license.Key) bool { return string(k) == ref }, nil
	}
	if len(digits) < MinRefDigits {
		return nil, fmt.Errorf("%s is too short to name a license: give at least %d hex digits after \"key:\"", ref, MinRefDigits)
	}
	return func(k license.Key) bool { return string(k) == ref || strings.HasPrefix(k.Ref(), ref) }, nil
}

func (m *mapper) explain(r *providers.Record) (*Explanation, error) {
	l, err := m.license(r)
	if err != nil {
		return nil, fmt.Errorf("%s: this row does not map: %w", license.Position(r.File, r.Line), err)
	}
	at := license.Position(r.File, r.Line)
	col := func(f providers.Field) string {
		if _, ok := r.Get(f); !ok {
			return "not in the export"
		}
		return fmt.Sprintf("column %q at %s", r.Column(f), at)
	}
	ex := &Explanation{Key: l.Key, Origin: l.Origin}
	add := func(field, value, sens, from string) {
		ex.Fields = append(ex.Fields, Provenance{Field: field, Value: value, Sensitive: sens, From: from})
	}
	add("key", string(l.Key), "secret", col(providers.FKey)+", kept byte for byte")
	rule := m.firstRule(r)
	add("policy", l.Policy, "", fmt.Sprintf("rule %d of source %s (licentric.yaml line %d)", rule+1, m.src.Name, m.rules[rule].rule.Line))
	add("product", l.Product, "", fmt.Sprintf("product of policy %s", l.Policy))
	add("status", string(l.Status), "", m.statusFrom(r, l.Status))
	add("name", l.Name, "", col(providers.FName))
	add("userEmail", l.UserEmail, "pii", col(providers.FEmail))
	nameFrom := col(providers.FUserName)
	if !r.Has(providers.FUserName) && (r.Has(providers.FFirstName) || r.Has(providers.FLastName)) {
		nameFrom = "first and last name: " + col(providers.FFirstName) + ", " + col(providers.FLastName)
	}
	add("userName", l.UserName, "pii", nameFrom)
	add("expiresAt", license.FormatTime(l.ExpiresAt), "", col(providers.FExpiresAt))
	add("createdAt", license.FormatTime(l.CreatedAt), "", col(providers.FCreatedAt))
	over, overVal := "none: the policy's max_machines applies", ""
	if l.MaxMachinesOverride != nil {
		overVal = fmt.Sprint(*l.MaxMachinesOverride)
		over = fmt.Sprintf("%s, which differs from policy %s", col(providers.FMaxMachines), l.Policy)
	}
	add("maxMachinesOverride", overVal, "", over)
	mdFrom := col(providers.FMetadata)
	if len(m.static) > 0 {
		mdFrom += ", merged with the source's static metadata:"
	}
	add("metadata", l.Metadata, "", mdFrom)
	add("owner", fmt.Sprintf("%s (%s) %s", l.Origin.Source, l.Origin.Platform, l.Origin.SourceID), "", "ownership marker: source name, platform, "+col(providers.FID))
	return ex, nil
}

func (m *mapper) statusFrom(r *providers.Record, st license.Status) string {
	word, _ := m.statusWord(r)
	how := "the source's statuses:"
	if _, ok := m.src.Statuses[config.FoldWord(word)]; !ok {
		how = m.src.Platform + " default mapping"
	}
	switch {
	case word == "":
		return "no status column or flag: derived from the expiry date"
	case r.Value(providers.FStatus) == word:
		return fmt.Sprintf("status %q (%s) via %s", word, fmt.Sprintf("column %q", r.Column(providers.FStatus)), how)
	}
	return fmt.Sprintf("flag %s is set (overrides the status column) via %s", word, how)
}
