package verify

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/mdcap"
	"github.com/licentric/licentric-sync/plan"
)

// ReportVersion versions the JSON report (schemas/verify.schema.json).
const ReportVersion = "1"

// Report is the outcome of a verify run.
type Report struct {
	FormatVersion string    `json:"format_version"`
	Target        string    `json:"target"`
	Desired       int       `json:"desired"`
	Matched       int       `json:"matched"`
	Sample        Sampled   `json:"sample"`
	Problems      []Problem `json:"problems"`
	// Counts are the problems per kind.
	Counts map[string]int `json:"counts"`
	// Kept counts licenses gone from their source but kept because
	// options.prune is false: a note, as in the plan, not a problem.
	Kept int  `json:"kept"`
	OK   bool `json:"ok"`
}

// Sampled describes the validate-key sample, seed included so a run can
// be repeated exactly.
type Sampled struct {
	Seed       uint64  `json:"seed"`
	PerStatus  int     `json:"per_status"`
	Checked    int     `json:"checked"`
	Passed     int     `json:"passed"`
	Unknown    int     `json:"unknown"`
	RatePerMin int     `json:"rate_per_minute"`
	Seconds    float64 `json:"seconds"`
}

// Validator is the target's validate-key, without a fingerprint.
type Validator func(ctx context.Context, key license.Key) (valid bool, code string, err error)

// Pacer spaces the validate-key calls: the caller's, on the caller's
// clock (httpx.Pace at the target's validate rate), so a test's fake
// clock passes the waits at once.
type Pacer interface {
	Wait(ctx context.Context) error
}

// Check runs validate-key on the sample, each call after pace lets it
// (nil: unpaced), expecting the code each license's status implies at
// the time of its call, now() on the run's clock (an active license whose
// expiry has passed answers EXPIRED): a paced sample may take hours, and
// a license that expires meanwhile answers EXPIRED by then. A transport
// error counts as unknown, never as invalid.
func Check(ctx context.Context, sample []*license.License, now func() time.Time, validate Validator, pace Pacer, r *Report) {
	start := time.Now()
	for _, l := range sample {
		if pace != nil && pace.Wait(ctx) != nil {
			return
		}
		at := now()
		_, code, err := validate(ctx, l.Key)
		r.Sample.Checked++
		want, why := expectedAt(l, at)
		switch {
		case err != nil:
			r.Sample.Unknown++
			r.Problems = append(r.Problems, Problem{Kind: "validation", Ref: l.Key.Ref(), Where: plan.Where(l.Origin),
				Detail: fmt.Sprintf("validate-key could not be checked: %v", err)})
		case code != want:
			r.Problems = append(r.Problems, Problem{Kind: "validation", Ref: l.Key.Ref(), Where: plan.Where(l.Origin),
				Detail: fmt.Sprintf("validate-key answered %s, but a %s license%s should answer %s", code, l.Status, why, want)})
		default:
			r.Sample.Passed++
		}
	}
	r.Sample.Seconds = time.Since(start).Seconds()
}

// Finish sorts problems and decides the verdict.
func (r *Report) Finish() {
	sortProblems(r.Problems)
	if r.Problems == nil {
		r.Problems = []Problem{}
	}
	r.Counts = map[string]int{}
	for _, p := range r.Problems {
		r.Counts[p.Kind]++
	}
	r.OK = len(r.Problems) == 0
}

// Write renders the report as text, markdown or json. JSON lists every
// problem (it is the proof, for scripts) with counts per kind; text and
// markdown group identical problems (plan.GroupBy), and markdown is
// capped for $GITHUB_STEP_SUMMARY, where CI posts it.
func (r *Report) Write(w io.Writer, format string) error {
	return mdcap.WriteReport(w, format, "### licentric-sync verify\n\n", r, r.text)
}

func (r *Report) text(w io.Writer, b *mdcap.Builder, title, bullet string) error {
	b.WriteString(title)
	fmt.Fprintf(b, "Target: %s\n", license.Printable(license.HideUserinfo(r.Target)))
	fmt.Fprintf(b, "Licenses: %d in the sources, %d match the target exactly.\n", r.Desired, r.Matched)
	s := r.Sample
	fmt.Fprintf(b, "validate-key: %d sampled (up to %d per status, seed %d; repeat with --seed %d), %d as expected, %d unknown, %.1fs",
		s.Checked, s.PerStatus, s.Seed, s.Seed, s.Passed, s.Unknown, s.Seconds)
	if s.RatePerMin > 0 {
		fmt.Fprintf(b, " at %d/min", s.RatePerMin)
	}
	b.WriteString(".\n")
	if len(r.Problems) > 0 {
		fmt.Fprintf(b, "\n%d problems:\n", len(r.Problems))
		for _, p := range groupProblems(r.Problems) {
			b.Add(bullet + p.line() + "\n")
		}
		b.Cut("problems", "run verify --format json for every one")
	}
	if r.Kept > 0 {
		fmt.Fprintf(b, "\nNote: %d managed %s no longer in %s source and kept (options.prune: false), as the plan notes; not drift.\n",
			r.Kept, plural(r.Kept, "license is", "licenses are"), plural(r.Kept, "its", "their"))
	}
	if r.OK {
		b.WriteString("\nVerified: every license matches and every sampled key validates as expected.\n")
	} else {
		b.WriteString("\nNot verified.\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// groupProblems keeps the first few problems of each kind and detail and
// counts the rest in one line each (the planner's grouping), so 150,000
// extra licenses read as one finding.
func groupProblems(ps []Problem) []Problem {
	return plan.GroupBy(ps, func(p *Problem) string { return p.Kind + "\x00" + p.Detail },
		func(p *Problem, n int) Problem { return Problem{Kind: p.Kind, more: n, Detail: p.Detail} })
}

// line is one problem as text: "kind ref (where): detail", or for a
// group's summary "… and N more kind like this: detail".
func (p Problem) line() string {
	if p.more > 0 {
		return fmt.Sprintf("… and %d more %s like this: %s", p.more, p.Kind, license.Printable(p.Detail))
	}
	where := ""
	if p.Where != "" {
		where = " (" + p.Where + ")"
	}
	// Detail may quote the target's answer (a validate-key code): escaped for a terminal.
	return fmt.Sprintf("%s %s%s: %s", p.Kind, p.Ref, license.Printable(where), license.Printable(p.Detail))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
