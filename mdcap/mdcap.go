// Package mdcap bounds markdown for the place it is posted. GitHub
// refuses a pull-request comment over 65,536 characters and a job
// summary ($GITHUB_STEP_SUMMARY) over 1 MiB; a report cut by the platform
// loses its verdict, a report refused posts nothing. Every markdown
// output (plan, verify, mapping) is written through one Builder, which
// keeps room for the closing lines, counts what did not fit and says
// which cap it kept.
package mdcap

import (
	"fmt"
	"strings"
)

// Dest is where markdown goes and how much of it fits there.
type Dest struct {
	// Name says where, for the line that states the cap.
	Name string
	// Limit is the most bytes the destination takes (bytes, not
	// characters: a byte count never undercounts).
	Limit int
}

// The limits GitHub sets.
const (
	// CommentLimit is the largest pull-request comment GitHub accepts.
	CommentLimit = 65536
	// StepSummaryLimit is the largest job summary GitHub accepts per step.
	StepSummaryLimit = 1 << 20
)

// The destinations of the tool's markdown.
var (
	// PRComment is a pull-request comment: plan --format markdown.
	PRComment = Dest{Name: "a GitHub comment", Limit: CommentLimit}
	// StepSummary is a job summary: verify --format markdown >> $GITHUB_STEP_SUMMARY.
	StepSummary = Dest{Name: "$GITHUB_STEP_SUMMARY", Limit: StepSummaryLimit}
)

// reserve is kept free for what follows the cut lines: the "not shown"
// line, closing fences, totals and the verdict.
const reserve = 4096

// Builder accumulates markdown up to its destination's limit less the
// reserve. Add writes a line only if it fits; once one does not, later
// lines are counted, not written, so the order of what is shown is kept.
type Builder struct {
	strings.Builder
	dest    Dest
	omitted int
	held    int
}

// New starts a builder for dest.
func New(dest Dest) *Builder { return &Builder{dest: dest} }

// Fits reports whether n more bytes fit before the reserve and what Hold
// keeps for a later section.
func (b *Builder) Fits(n int) bool { return b.omitted == 0 && b.Len()+n <= b.dest.Limit-reserve-b.held }

// Hold keeps n bytes for a later, more important section (a plan's
// errors after its changes) until Release.
func (b *Builder) Hold(n int) { b.held = max(n, 0) }

// Release gives the held bytes back.
func (b *Builder) Release() { b.held = 0 }

// Add writes s if it fits and reports whether it did; once one item did
// not fit, every later one is only counted.
func (b *Builder) Add(s string) bool {
	if !b.Fits(len(s)) {
		b.omitted++
		return false
	}
	b.WriteString(s)
	return true
}

// Omitted is how many items Add left out since the last Cut.
func (b *Builder) Omitted() int { return b.omitted }

// Cut writes, when items were left out, the line that counts them, names
// the cap and says where the whole is ("run `…`"), then starts counting
// afresh for the next section. what is the plural noun ("changes").
func (b *Builder) Cut(what, whole string) {
	if b.omitted == 0 {
		return
	}
	fmt.Fprintf(b, "**%d more %s not shown**: %s takes at most %d characters; %s.\n\n", b.omitted, what, b.dest.Name, b.dest.Limit, whole)
	b.omitted = 0
}

// String is the markdown, never over the limit: if the closing lines
// overran the reserve, it is cut at the last line break that fits and
// says so.
func (b *Builder) String() string {
	s := b.Builder.String()
	if len(s) <= b.dest.Limit {
		return s
	}
	note := fmt.Sprintf("\n\n**Cut at %d characters for %s.**\n", b.dest.Limit, b.dest.Name)
	s = s[:b.dest.Limit-len(note)]
	if i := strings.LastIndexByte(s, '\n'); i > 0 {
		s = s[:i]
	}
	return s + note
}
