package mapping

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
)

// Finding is a warning or note about the desired state, shown in the plan.
type Finding struct {
	Severity string // "warning" or "note"
	Message  string
	Ref      string // redacted license reference
	Where    string // file:line
}

// Result is the desired license set and everything learned building it.
type Result struct {
	Licenses []license.License
	// Errors are row problems and unmatched rules; any of them blocks the plan.
	Errors   []error
	Findings []Finding
	Reports  map[string]*providers.ReadReport
	// Skipped counts rows left out on purpose, per source and reason.
	Skipped         map[string]map[string]int
	revokedCryptlex map[string]int
}

func newResult() *Result {
	return &Result{Reports: map[string]*providers.ReadReport{}, Skipped: map[string]map[string]int{},
		revokedCryptlex: map[string]int{}}
}

// maxFindingsPerMessage bounds repeated warnings: past it, one summary
// line says how many more there were.
const maxFindingsPerMessage = 20

func (r *Result) warn(l *license.License, msg string) {
	r.Findings = append(r.Findings, Finding{Severity: "warning", Message: msg, Ref: l.Key.Ref(),
		Where: fmt.Sprintf("%s:%d", l.Origin.File, l.Origin.Line)})
}

// compactFindings keeps the first few of each message and summarises the
// rest, so a million expired-but-active rows do not flood a PR comment.
func (r *Result) compactFindings() {
	count := map[string]int{}
	var out []Finding
	for _, f := range r.Findings {
		count[f.Message]++
		if count[f.Message] <= maxFindingsPerMessage {
			out = append(out, f)
		}
	}
	var msgs []string
	for m, n := range count {
		if n > maxFindingsPerMessage {
			msgs = append(msgs, m)
		}
	}
	sort.Strings(msgs)
	for _, m := range msgs {
		out = append(out, Finding{Severity: "warning", Message: fmt.Sprintf("%d more licenses: %s", count[m]-maxFindingsPerMessage, m)})
	}
	r.Findings = out
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
				at = append(at, fmt.Sprintf("%s:%d (source %s)", l.Origin.File, l.Origin.Line, l.Origin.Source))
			}
			errs = append(errs, fmt.Errorf("%s:%d: duplicate key %s, also at %s; each key must appear once: remove or fix the extra rows",
				ls[i].Origin.File, ls[i].Origin.Line, ls[i].Key.Ref(), strings.Join(at[1:], ", ")))
		}
		i = j
	}
	return errs
}
