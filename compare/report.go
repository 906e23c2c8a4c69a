package compare

import (
	"fmt"
	"io"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/mdcap"
	"github.com/licentric/licentric-sync/plan"
)

// ReportVersion versions the JSON report (schemas/compare.schema.json).
const ReportVersion = "1"

// Report is the outcome of a compare run.
type Report struct {
	FormatVersion string `json:"format_version"`
	Target        string `json:"target"`
	// Selection is how the licenses were chosen: "all", "sample" (Seed
	// says which) or "log" (Log names the file).
	Selection string `json:"selection"`
	Seed      uint64 `json:"seed,omitempty"`
	Log       string `json:"log,omitempty"`
	// Planned is how many were to be compared; Compared how many were.
	Planned  int `json:"planned"`
	Compared int `json:"compared"`
	// Partial: the run was stopped (Ctrl-C) before every license was
	// compared. Its counts are true of the ones compared, no more.
	Partial bool `json:"partial"`
	// Calls say what was asked of each old platform and what it may
	// change; Judged names platforms whose answer is the tool's reading
	// of the record, not the platform's own validation.
	Calls  []string `json:"calls"`
	Judged []string `json:"judged"`
	// Counts has every class, zero included.
	Counts map[Class]int `json:"counts"`
	// Findings are every compared license but the agree-valid ones.
	Findings []Finding `json:"findings"`
	Seconds  float64   `json:"seconds"`
	// OK: no disagreement and no unknown, and not partial.
	OK bool `json:"ok"`
}

// Finding is one compared license: both answers and their class. Ref is
// the key's redacted reference, never the key.
type Finding struct {
	Class   Class   `json:"class"`
	Ref     string  `json:"ref"`
	Source  string  `json:"source,omitempty"`
	Where   string  `json:"where,omitempty"`
	Old     Outcome `json:"old"`
	OldCode string  `json:"old_code,omitempty"`
	New     Outcome `json:"licentric"`
	NewCode string  `json:"licentric_code,omitempty"`
	// Detail says why an answer is unknown.
	Detail string `json:"detail,omitempty"`
	// more, on a group's summary line, is how many findings it stands for.
	more int
}

// Add classifies one license's pair of answers and records it.
func (r *Report) Add(f Finding) error {
	c, err := Classify(f.Old, f.New)
	if err != nil {
		return err
	}
	f.Class = c
	if r.Counts == nil {
		r.Counts = map[Class]int{}
	}
	r.Counts[c]++
	r.Compared++
	if c != AgreeValid {
		r.Findings = append(r.Findings, f)
	}
	return nil
}

// Finish orders the findings as Classes does and decides the verdict.
func (r *Report) Finish() {
	if r.Counts == nil {
		r.Counts = map[Class]int{}
	}
	var ordered []Finding
	for _, c := range Classes {
		r.Counts[c] += 0
		for _, f := range r.Findings {
			if f.Class == c {
				ordered = append(ordered, f)
			}
		}
	}
	r.Findings = ordered
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	if r.Calls == nil {
		r.Calls = []string{}
	}
	if r.Judged == nil {
		r.Judged = []string{}
	}
	r.OK = !r.Partial && !r.Disagrees()
}

// Disagrees reports whether any compared license is in a class that
// fails the run (Class.Disagrees).
func (r *Report) Disagrees() bool {
	for c, n := range r.Counts {
		if n > 0 && c.Disagrees() {
			return true
		}
	}
	return false
}

// Write renders the report as text, markdown or json. JSON lists every
// finding; text and markdown group them (plan.GroupBy) by class and
// answers, and markdown is capped for $GITHUB_STEP_SUMMARY.
func (r *Report) Write(w io.Writer, format string) error {
	return mdcap.WriteReport(w, format, "### licentric-sync compare\n\n", r, r.text)
}

func (r *Report) text(w io.Writer, b *mdcap.Builder, title, bullet string) error {
	b.WriteString(title)
	if r.Partial {
		fmt.Fprintf(b, "PARTIAL: stopped after %d of %d licenses; the counts cover only those.\n", r.Compared, r.Planned)
	}
	fmt.Fprintf(b, "Target: %s\n", license.Printable(license.HideUserinfo(r.Target)))
	fmt.Fprintf(b, "Compared: %d of %d licenses (%s) in %.1fs.\n", r.Compared, r.Planned, r.selection(), r.Seconds)
	for _, c := range r.Calls {
		fmt.Fprintf(b, "Old platform: %s.\n", c)
	}
	for _, j := range r.Judged {
		fmt.Fprintf(b, "Note: %s has no validate call; its answers are this tool's judgement of the license record, not the platform's.\n", j)
	}
	b.WriteString("\n")
	for _, c := range Classes {
		fmt.Fprintf(b, "%s%s: %d%s\n", bullet, c, r.Counts[c], classNote[c])
	}
	if len(r.Findings) > 0 {
		b.WriteString("\nExamples:\n")
		for _, f := range groupFindings(r.Findings) {
			b.Add(bullet + f.line() + "\n")
		}
		b.Cut("findings", "run compare --format json for every one")
	}
	switch {
	case r.OK:
		b.WriteString("\nAgreed: both platforms give every compared license the same answer.\n")
	case r.Disagrees():
		b.WriteString("\nNot agreed: fix the disagreements before cutover; run again for the unknown ones.\n")
	default:
		b.WriteString("\nNot proven: the run was stopped; run it again to the end.\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// classNote says what a class means at cutover.
var classNote = map[Class]string{
	LicentricBlocks: " (the old platform allows, Licentric refuses: locked out at cutover)",
	LicentricAllows: " (the old platform refuses, Licentric allows: revived at cutover)",
	Undecided:       " (either side gave no answer: run again)",
}

func (r *Report) selection() string {
	switch r.Selection {
	case "sample":
		return fmt.Sprintf("a sample, seed %d; repeat with --seed %d", r.Seed, r.Seed)
	case "log":
		return "the keys of validation log " + license.Printable(r.Log)
	}
	return "every license of the sources"
}

// groupFindings keeps the first few findings of each class and pair of
// answers and counts the rest in one line each.
func groupFindings(fs []Finding) []Finding {
	return plan.GroupBy(fs, func(f *Finding) string { return f.summary() + "\x00" + f.Detail },
		func(f *Finding, n int) Finding { c := *f; c.more = n; return c })
}

// summary is the class and both answers.
func (f *Finding) summary() string {
	answer := func(o Outcome, code string) string {
		if code == "" {
			return string(o)
		}
		return string(o) + " " + code
	}
	return fmt.Sprintf("%s: old %s, Licentric %s", f.Class, answer(f.Old, f.OldCode), answer(f.New, f.NewCode))
}

// line is one finding as text, or a group's summary.
func (f Finding) line() string {
	s := license.Printable(f.summary())
	if f.Detail != "" {
		s += " (" + license.Printable(f.Detail) + ")"
	}
	if f.more > 0 {
		return fmt.Sprintf("… and %d more like this: %s", f.more, s)
	}
	at := f.Source
	if f.Where != "" {
		at = strings.TrimPrefix(at+", "+license.Printable(f.Where), ", ")
	}
	if at != "" {
		at = " (" + at + ")"
	}
	return fmt.Sprintf("%s%s %s", f.Ref, at, s)
}
