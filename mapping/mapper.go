// Package mapping turns source records into desired Licentric licenses:
// rules pick the policy (first match wins), status words and flags become
// Licentric statuses, dates are read leniently but never guessed, machine
// limits become overrides only where they differ from the policy, and every
// license gets the ownership marker of the source that produced it.
package mapping

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/registry"
)

// keylessNote is " (why licenses lack keys; …)" from the platforms that
// can hold licenses without a key, or "".
func keylessNote(r platform.Registry) string {
	var notes []string
	for _, p := range r {
		if p.Checks.Keyless != "" {
			notes = append(notes, p.Checks.Keyless)
		}
	}
	if len(notes) == 0 {
		return ""
	}
	return " (" + strings.Join(notes, "; ") + ")"
}

// mapper maps the records of one source.
type mapper struct {
	src      config.Source
	policies map[string]license.Policy
	rules    []compiledRule
	comboOK  bool
	memo     map[string]int
	now      time.Time
	static   map[string]any
	out      *Result
	unmatch  *unmatched
	// redact shows export values in messages (Redactor.Value): values
	// that could be keys or personal data are hidden unless revealed.
	redact license.Redactor
	// progress, when set, hears how many records a source has yielded.
	progress func(source string, records int)
	// platforms are the known platforms (the registry unless an option
	// says otherwise); platform is the source's own.
	platforms platform.Registry
	platform  platform.Platform
	// keyless explains keys missing from an export: the notes of every
	// platform that can hold licenses without a key.
	keyless string
	// checks are the platforms' own record checks, by source name.
	checks map[string]platform.RecordCheck
}

// progressEvery spaces progress calls while a source is read.
const progressEvery = 10_000

// Progress reports every progressEvery records read from each source, so
// reading a large export is never silent.
func Progress(fn func(source string, records int)) Option { return func(m *mapper) { m.progress = fn } }

// Option changes how the mapping reports.
type Option func(*mapper)

// Platforms maps with the given platforms instead of the registry's
// (a test of a platform the registry does not list).
func Platforms(r platform.Registry) Option { return func(m *mapper) { m.platforms = r } }

// RecordChecks gives each source (by name) its platform's record check
// (platform.Checks.Records), started by the caller, which may read the
// platform's API to start it.
func RecordChecks(c map[string]platform.RecordCheck) Option { return func(m *mapper) { m.checks = c } }

// ShowSensitive reveals export values in messages that would otherwise be
// hidden because they look like keys or personal data (--show-sensitive).
func ShowSensitive(show bool) Option { return func(m *mapper) { m.redact.Show = show } }

func newMapper(cfg *config.Config, src config.Source, now time.Time, out *Result, opts ...Option) *mapper {
	m := &mapper{src: src, policies: map[string]license.Policy{}, now: now, static: src.Metadata, out: out,
		memo: map[string]int{}, unmatch: newUnmatched(src.Name), platforms: registry.Default()}
	for _, o := range opts {
		o(m)
	}
	m.platform, _ = m.platforms.Lookup(src.Platform)
	m.keyless = keylessNote(m.platforms)
	m.unmatch.redact = m.redact
	for _, p := range cfg.Policies {
		m.policies[p.ID] = p
	}
	m.rules, m.comboOK = compileRules(src.Rules)
	return m
}

// errSkip marks a record left out on purpose (e.g. test mode).
var errSkip = errors.New("skipped")

// license maps one record. A returned error is about this row only.
func (m *mapper) license(r *providers.Record) (license.License, error) {
	var l license.License
	if tm := r.Value(providers.FTestMode); tm != "" && !m.src.IncludeTestMode {
		if on, _ := parseBool(tm); on {
			return l, errSkip
		}
	}
	key, present := r.Get(providers.FKey)
	if !present {
		return l, fmt.Errorf("no key column: map one with columns: { key: \"<header>\" }")
	}
	if key == "" {
		return l, fmt.Errorf("%s is empty: a license without a key cannot be migrated%s; issue the customer a new key", r.Column(providers.FKey), m.keyless)
	}
	if len(key) > license.MaxKeyBytes {
		return l, fmt.Errorf("%s is %d bytes; keys are at most %d (16 KiB, the longest a source platform issues): is this the key column?",
			r.Column(providers.FKey), len(key), license.MaxKeyBytes)
	}
	if strings.IndexFunc(key, unicode.IsControl) >= 0 {
		return l, fmt.Errorf("%s holds a control character (a NUL, tab or line break inside the key); keys are printable text: is the export corrupted?", r.Column(providers.FKey))
	}
	if check := m.platform.Checks.Key; check != nil {
		if err := check(key); err != nil {
			return l, fmt.Errorf("%s %w", r.Column(providers.FKey), err)
		}
	}
	l.Key = license.Key(key)
	l.Origin = license.Origin{Source: m.src.Name, Platform: m.src.Platform, SourceID: r.Value(providers.FID), File: r.File, Line: r.Line}
	pol, ok := m.match(r)
	if !ok {
		m.unmatch.add(r)
		return l, errUnmatched
	}
	l.Policy, l.Product = pol.ID, pol.Product
	var errs []error
	collect := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	collect(m.people(r, &l))
	collect(m.dates(r, &l))
	collect(m.status(r, &l))
	collect(m.machines(r, &l, pol))
	collect(m.metadata(r, &l))
	collect(m.entitlements(r, &l, pol))
	l.Name = r.Value(providers.FName)
	collect(exactText(r, &l))
	return l, errors.Join(errs...)
}

// exactText refuses text no target can hold exactly: a NUL byte in a
// key, name, email or id (no Licentric field holds one; it is the mark of
// a binary or corrupted export), or bytes that are not UTF-8 in any field
// (JSON would replace them, and the license would differ from its source
// forever). A JSON reader keeps such bytes, and writes a lone surrogate
// escape (\ud800) as bytes that are not UTF-8, so both end here.
func exactText(r *providers.Record, l *license.License) error {
	fields := []providers.Field{providers.FKey, providers.FName, providers.FEmail, providers.FUserName, providers.FID}
	for i, v := range []string{string(l.Key), l.Name, l.UserEmail, l.UserName, l.Origin.SourceID} {
		if strings.IndexByte(v, 0) >= 0 {
			return fmt.Errorf("%s holds a NUL byte; remove it (a binary or corrupted export?)", r.Column(fields[i]))
		}
	}
	for f := providers.Field(0); f < providers.NumFields; f++ {
		if v, ok := r.Get(f); ok && !utf8.ValidString(v) {
			return fmt.Errorf("%s is not valid UTF-8 text (bytes that are not UTF-8, or in JSON a lone surrogate escape such as \\ud800); save the export as UTF-8", r.Column(f))
		}
	}
	return nil
}

func (m *mapper) match(r *providers.Record) (license.Policy, bool) {
	idx := -1
	if m.comboOK {
		k := comboKey(r)
		if i, ok := m.memo[k]; ok {
			idx = i
		} else {
			idx = m.firstRule(r)
			m.memo[k] = idx
		}
	} else {
		idx = m.firstRule(r)
	}
	if idx < 0 {
		return license.Policy{}, false
	}
	return m.policies[m.rules[idx].rule.Policy], true
}

func (m *mapper) firstRule(r *providers.Record) int {
	for i := range m.rules {
		if m.rules[i].matches(r) {
			return i
		}
	}
	return -1
}

func (m *mapper) people(r *providers.Record, l *license.License) error {
	// The email alone is trimmed (a space around an address is never part
	// of it, and it is how a customer is found); names are the customer's
	// text and are kept byte for byte, spaces included.
	l.UserEmail = strings.TrimSpace(r.Value(providers.FEmail))
	l.UserName = r.Value(providers.FUserName)
	if l.UserName == "" {
		l.UserName = joinName(r.Value(providers.FFirstName), r.Value(providers.FLastName))
	}
	if err := checkEmail(l.UserEmail); err != nil {
		return fmt.Errorf("%s: %w", r.Column(providers.FEmail), err)
	}
	return nil
}

// joinName is "first last", or the one of them that is not empty: no
// space is added where a part is missing, and none is taken away.
func joinName(first, last string) string {
	switch {
	case first == "":
		return last
	case last == "":
		return first
	}
	return first + " " + last
}

func (m *mapper) dates(r *providers.Record, l *license.License) error {
	var errs []error
	var err error
	if l.ExpiresAt, err = parseTime(r.Value(providers.FExpiresAt), m.src.DateFormat, m.redact.Value); err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", r.Column(providers.FExpiresAt), err))
	}
	if l.CreatedAt, err = parseTime(r.Value(providers.FCreatedAt), m.src.DateFormat, m.redact.Value); err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", r.Column(providers.FCreatedAt), err))
	}
	return errors.Join(errs...)
}

func (m *mapper) machines(r *providers.Record, l *license.License, pol license.Policy) error {
	lim, err := parseLimit(r.Value(providers.FMaxMachines), m.redact.Value)
	if err != nil {
		return fmt.Errorf("%s: %w", r.Column(providers.FMaxMachines), err)
	}
	switch {
	case !lim.set:
	case lim.unlimited && pol.MaxMachines == license.Unlimited:
	case lim.unlimited:
		m.out.warn(l, fmt.Sprintf("the source allows unlimited machines but policy %q allows %d, and Licentric cannot express an unlimited override; map it to an unlimited policy to keep its seats", pol.ID, pol.MaxMachines))
	case lim.n == pol.MaxMachines:
	case lim.n == 0:
		m.out.warn(l, "the source allows 0 machines; Licentric needs a positive limit, so the policy's limit applies")
	default:
		n := lim.n
		l.MaxMachinesOverride = &n
	}
	return nil
}
