package mapping

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
)

// Result is the desired license set and everything learned building it.
type Result struct {
	Licenses []license.License
	// Errors are row problems and unmatched rules; any of them blocks the plan.
	Errors []error
	// Findings are warnings and notes about the desired state, in the
	// plan's own diagnostic type so they reach every renderer unchanged.
	Findings []plan.Diagnostic
	Reports  map[string]*providers.ReadReport
	// Skipped counts rows left out on purpose, per source and reason.
	Skipped map[string]map[string]int
	// revoked counts, per source, revoked licenses of a platform that
	// can un-revoke (Checks.RevokeReversible), with the platform's title.
	revoked map[string]*revokedCount
	// bigNumbers counts, per source, licenses whose metadata numbers
	// were rounded or made text (big_numbers:).
	bigNumbers map[string]*bigNumbers
}

// revokedCount is how many revoked licenses one source holds.
type revokedCount struct {
	n     int
	title string
}

// revokedReversible counts one revoked license of source, whose platform
// (title) can un-revoke it.
func (r *Result) revokedReversible(source, title string) {
	c := r.revoked[source]
	if c == nil {
		c = &revokedCount{title: title}
		r.revoked[source] = c
	}
	c.n++
}

func newResult() *Result {
	return &Result{Reports: map[string]*providers.ReadReport{}, Skipped: map[string]map[string]int{},
		revoked: map[string]*revokedCount{}, bigNumbers: map[string]*bigNumbers{}}
}

func (r *Result) warn(l *license.License, msg string) {
	r.Findings = append(r.Findings, plan.Diagnostic{Severity: plan.Warning, Message: msg, Ref: l.Key.Ref(),
		Where: l.Origin.At()})
}

// compactFindings keeps the first few of each message and counts the
// rest (plan.Group), so a million expired-but-active rows do not flood a
// PR comment.
func (r *Result) compactFindings() { r.Findings = plan.Group(r.Findings) }

// Diagnostics are the findings followed by a note per source and reason
// for rows left out on purpose, in a stable order.
func (r *Result) Diagnostics() []plan.Diagnostic {
	out := append([]plan.Diagnostic(nil), r.Findings...)
	for _, n := range slices.Sorted(maps.Keys(r.Skipped)) {
		for _, reason := range slices.Sorted(maps.Keys(r.Skipped[n])) {
			out = append(out, plan.Diagnostic{Severity: plan.Note, Message: fmt.Sprintf("source %s: %d %s", n, r.Skipped[n][reason], reason)})
		}
	}
	return out
}

// Err joins the errors into one, bounded for the terminal.
func (r *Result) Err() error {
	if len(r.Errors) == 0 {
		return nil
	}
	const show = 50
	errs := r.Errors
	if len(errs) > show {
		errs = append(errs[:show:show], fmt.Errorf("… and %d more problems", len(r.Errors)-show))
	}
	return errors.Join(errs...)
}

// duplicates reports keys that occur more than once (within a source or
// across sources), naming every position. Licenses must be sorted by key.
func duplicates(ls []license.License) []error {
	var errs []error
	for i := 0; i < len(ls); {
		j := i + 1
		for j < len(ls) && ls[j].Key == ls[i].Key {
			j++
		}
		if j-i > 1 {
			var at []string
			for _, l := range ls[i:j] {
				at = append(at, fmt.Sprintf("%s (source %s)", l.Origin.At(), l.Origin.Source))
			}
			errs = append(errs, fmt.Errorf("%s: duplicate key %s, also at %s; each key must appear once: remove or fix the extra rows",
				ls[i].Origin.At(), ls[i].Key.Ref(), strings.Join(at[1:], ", ")))
		}
		i = j
	}
	return errs
}
