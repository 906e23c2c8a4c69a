package mapping

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
)

// entitlements maps the record's entitlement codes (its own and its
// policy's, as the source platform grants them) through the source's
// renames (entitlements:). A code Licentric cannot take and that has no
// rename is a row error naming the rename to add. The license keeps a
// list of its own only where it differs from its policy's: in Licentric
// a license's list replaces the policy's.
func (m *mapper) entitlements(r *providers.Record, l *license.License, pol license.Policy) error {
	raw, ok := r.Get(providers.FEntitlements)
	if !ok {
		return nil // the source says nothing: the license has its policy's
	}
	source, err := EntitlementList(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", r.Column(providers.FEntitlements), err)
	}
	codes := make([]string, 0, len(source))
	for _, c := range source {
		if to, renamed := m.src.Entitlements[c]; renamed {
			c = to
		} else if err := license.CheckEntitlementCode(c); err != nil {
			proposal := license.ProposeEntitlementCode(c)
			if proposal == "" {
				proposal = "new-code"
			}
			return fmt.Errorf("%s: %w; rename it on source %s: entitlements: { %q: %q }",
				r.Column(providers.FEntitlements), err, m.src.Name, c, proposal)
		}
		codes = append(codes, c)
	}
	slices.Sort(codes)
	codes = slices.Compact(codes)
	if !slices.Equal(codes, pol.Entitlements) {
		l.Entitlements = codes
	}
	return nil
}

// EntitlementList reads a record's codes: a JSON array of strings (what
// a JSON reader writes, since a source's codes may hold commas), or
// codes separated by commas (a CSV cell).
func EntitlementList(raw string) ([]string, error) {
	raw = strings.TrimSpace(raw)
	if strings.HasPrefix(raw, "[") {
		var out []string
		if err := json.Unmarshal([]byte(raw), &out); err != nil {
			return nil, fmt.Errorf("not a JSON list of entitlement codes: %w", err)
		}
		return out, nil
	}
	var out []string
	for c := range strings.SplitSeq(raw, ",") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out, nil
}
