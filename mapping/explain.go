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

// Explain finds the license whose key or key reference is ref and tells
// where every field value came from: column and position, rule, status
// mapping, policy default or static metadata.
func Explain(ctx context.Context, cfg *config.Config, sources []providers.Source, ref string, now time.Time, opts ...Option) (*Explanation, error) {
	for _, s := range sources {
		src, _ := cfg.Source(s.Name())
		m := newMapper(cfg, src, now, newResult(), opts...)
		for rec, err := range s.Records(ctx) {
			if err != nil {
				continue
			}
			key := license.Key(rec.Value(providers.FKey))
			if key == "" || (key.Ref() != ref && string(key) != ref) {
				continue
			}
			return m.explain(rec)
		}
	}
	shown := ref
	if !strings.HasPrefix(ref, "key:") {
		shown = license.Key(ref).Ref() // a raw key was given: do not echo it
	}
	return nil, fmt.Errorf("no source row has a license with key reference %s (references look like key:3f9a1c2b)", shown)
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
