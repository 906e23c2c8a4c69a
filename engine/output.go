package engine

import (
	"bytes"
	"errors"
	"sync"

	"github.com/licentric/licentric-sync/apply"
	"github.com/licentric/licentric-sync/compare"
	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/mapping"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/licentric"
	"github.com/licentric/licentric-sync/scaffold"
	"github.com/licentric/licentric-sync/verify"
)

// View is how a run talks to whoever started it, and the only way: a
// terminal, a CI log or a program reading JSON each get their own View
// (package view), and the engine never writes to a stream itself. It is
// Terraform's views.View and external-dns's controller events in one
// small interface: progress, confirm, render, warn.
type View interface {
	// Progress and Waiting show long reads and waits (providers.Reporter).
	providers.Reporter
	// Count starts the count of total changes being applied and returns
	// what each finished batch reports to; it closes the read spinner.
	Count(total int) func(n int)
	// Done clears the progress line: the reads or the apply are over.
	Done()
	// Warn says something beside the output (stderr): a warning, a hint,
	// a timing. msg may hold several lines; the view escapes it.
	Warn(msg string)
	// Confirm asks a yes-or-no question; an error means it cannot ask.
	Confirm(question string) (bool, error)
	// Render shows one result of the run.
	Render(out Output) error
}

// Output is a result a View renders: one of the types below.
type Output interface{ output() }

// PlanOutput is a plan to show, fresh or saved, with what its reviewer
// needs beside it.
type PlanOutput struct {
	Plan *plan.Plan
	// Seal returns the checksum, computed in the background while
	// rendering starts (Planned.Checksum); nil for a saved plan.
	Seal func() string
	// Blocked are the safety thresholds the plan crosses.
	Blocked []string
	// Show reveals keys, emails and names (--show-sensitive).
	Show bool
	// Summary leaves the change lines out (plan --summary).
	Summary bool
	// Stale, when set, says what moved since a saved plan was made.
	Stale string
	// MaxLines bounds the change lines (apply's preview); 0: all.
	MaxLines int
	// Saved is a plan read from a file (show): never coloured.
	Saved bool
}

// PlanSaved says a plan was written to File and how to apply it.
type PlanSaved struct{ File string }

// Validated is validate's answer: the config's counts and the findings.
type Validated struct {
	Config *config.Config
	Result *mapping.Result
}

// Applied is what an apply did, in the plan's terms.
type Applied struct {
	Result  apply.Result
	Summary plan.Summary
}

// Converged says the closing check found the target as planned.
type Converged struct{}

// Explained is where every field of one license came from.
type Explained struct {
	Explanation *mapping.Explanation
	Show        bool
}

// Reviews are mapping's review of each source.
type Reviews []*mapping.Review

// Listed is what the target holds of one kind (products, policies or
// licenses); licenses are streamed from Current, never held.
type Listed struct {
	What    string
	Current plan.Current
	Show    bool
}

// Verified is verify's report.
type Verified struct{ Report *verify.Report }

// Compared is compare's report.
type Compared struct{ Report *compare.Report }

// KeyChecked is one validate-key answer, the key by reference only.
type KeyChecked struct {
	Ref    string
	Answer providers.Validation
	Target string
}

// PullDone ends a pull that saved every snapshot in Out.
type PullDone struct{ Out string }

// WizardWritten is the import wizard's CSV written: how many licenses it
// holds and what to create before uploading it.
type WizardWritten struct {
	Plan     *plan.Plan
	Licenses int
	File     string
}

// Scaffolded is the config init wrote, and what it could not tell.
type Scaffolded struct {
	File  string
	Stats scaffold.Stats
	From  scaffold.From
	// Ignored are the lines init added to IgnoreFile.
	Ignored    []string
	IgnoreFile string
}

// AccountKept is a refresh's read, kept as the view: how many licenses
// before and now, and the drift made outside this tool.
type AccountKept struct{ *licentric.Refreshed }

// Serving says where the sandbox listens.
type Serving struct {
	Addr, DB  string
	RateLimit int
}

// Schema is one JSON Schema document to print as it is.
type Schema []byte

func (PlanOutput) output()    {}
func (PlanSaved) output()     {}
func (Validated) output()     {}
func (Applied) output()       {}
func (Converged) output()     {}
func (Explained) output()     {}
func (Reviews) output()       {}
func (Listed) output()        {}
func (Verified) output()      {}
func (Compared) output()      {}
func (KeyChecked) output()    {}
func (Pulled) output()        {}
func (PullDone) output()      {}
func (WizardWritten) output() {}
func (Scaffolded) output()    {}
func (AccountKept) output()   {}
func (Serving) output()       {}
func (Schema) output()        {}

// ErrDiffers ends a run that found what its exit code reports without a
// message: plan --detailed-exitcode with changes, verify with mismatches,
// check-key with a key that does not validate. The CLI exits 2.
var ErrDiffers = errors.New("the run found differences")

// InterruptedError is an apply stopped by a signal; the CLI exits 130.
type InterruptedError = apply.InterruptedError

// warnWriter is an io.Writer over View.Warn, for the engine's Log: each
// whole line written is one warning; a line written in pieces (several
// Fprintf calls) is held until its newline.
type warnWriter struct {
	v       View
	mu      sync.Mutex
	partial []byte
}

func newWarnWriter(v View) *warnWriter { return &warnWriter{v: v} }

func (w *warnWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.partial = append(w.partial, b...)
	for {
		i := bytes.IndexByte(w.partial, '\n')
		if i < 0 {
			return len(b), nil
		}
		w.v.Warn(string(w.partial[:i]))
		w.partial = w.partial[i+1:]
	}
}
