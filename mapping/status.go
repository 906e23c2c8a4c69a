package mapping

import (
	"fmt"
	"strings"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/registry"

	"github.com/licentric/licentric-sync/license"
)

// statusNames lists the statuses a statuses: entry may name, for messages.
var statusNames = func() string {
	names := make([]string, len(license.Statuses))
	for i, s := range license.Statuses {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}()

// DefaultStatus says what a platform's status word maps to by default,
// for the mapping review: the platform's own words (its package states
// them, see providers/registry), then Licentric's names in any case.
func DefaultStatus(platform, word string) (license.Status, bool) {
	return registry.Default().Status(platform, word)
}

// statusWord picks the word that decides a record's status: the flags
// first (banned > revoked > suspended/disabled), because a single status
// column can hide a second condition (Keygen shows SUSPENDED for a
// suspended license that has also expired); then the status column; then,
// for exports that have neither, the expiry date.
func (m *mapper) statusWord(r *providers.Record) (string, error) {
	for _, f := range flagFields {
		v := r.Value(f.field)
		if v == "" {
			continue
		}
		on, ok := parseBool(v)
		if !ok {
			return "", fmt.Errorf("%s: %s is not a yes/no value; use true/false, 1/0 or yes/no", r.Column(f.field), m.redact.Value(v))
		}
		if on {
			return f.word, nil
		}
	}
	if w := r.Value(providers.FStatus); w != "" {
		return w, nil
	}
	return "", nil
}

func (m *mapper) resolveStatus(word string) (license.Status, bool) {
	key := config.FoldWord(word)
	if st, ok := m.src.Statuses[key]; ok {
		return st, true
	}
	return m.platforms.Status(m.src.Platform, key)
}

var flagFields = []struct {
	field providers.Field
	word  string
}{
	{providers.FBanned, "banned"},
	{providers.FRevoked, "revoked"},
	{providers.FSuspended, "suspended"},
	{providers.FDisabled, "disabled"},
}

// status sets the license's status from its record, or from its expiry
// where the record has no word; an unknown word is a row error naming
// the statuses: line that would fix it.
func (m *mapper) status(r *providers.Record, l *license.License) error {
	word, err := m.statusWord(r)
	if err != nil {
		return err
	}
	if word == "" {
		word = "active"
		if l.ExpiresAt != nil && l.ExpiresAt.Before(m.now) {
			word = "expired"
		}
	}
	st, ok := m.resolveStatus(word)
	if !ok {
		v := m.redact.Value(word)
		return fmt.Errorf("%s: unknown status %s; say what it means: add the line %s: <status> to the source's statuses:, with <status> one of %s",
			r.Column(providers.FStatus), v, m.redact.Short(config.FoldWord(word)), statusNames)
	}
	l.Status = st
	if st == license.Active && l.ExpiresAt != nil && l.ExpiresAt.Before(m.now) {
		m.out.warn(l, "the license is active but its expiry has passed; Licentric will treat it as expired")
	}
	if st == license.Revoked && m.platform.Checks.RevokeReversible {
		m.out.revokedReversible(m.src.Name, m.platform.Title)
	}
	return nil
}
