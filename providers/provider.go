// Package providers defines the two sides of a migration: a Source reads an
// export into canonical records; a Target holds Licentric state and applies
// changes. The source platforms are listed once, explicitly, in
// providers/registry (no init() self-registration).
package providers

import (
	"context"
	"iter"
	"time"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
)

// RowError is a problem with one row of an export. It carries the position
// so the user can open the file at that line; it never carries the key or
// an email, only the field name and what is wrong.
type RowError struct {
	File string
	Line int
	Err  error
}

// Error is FILE:LINE: what is wrong.
func (e *RowError) Error() string {
	return license.Position(e.File, e.Line) + ": " + e.Err.Error()
}

// Unwrap gives the cause, for errors.Is and errors.As.
func (e *RowError) Unwrap() error { return e.Err }

// Source streams an export's records. A RowError for one row does not stop
// the stream; any other error does. A yielded record is valid only until
// the next one is requested: readers reuse them to stay cheap at scale.
type Source interface {
	// Name is the source's name in the config: the ownership marker's
	// source, and how messages name it.
	Name() string
	// Platform is its platform's config name (the registry's key).
	Platform() string
	// Records yields every record with its position, or the error that
	// stopped the read.
	Records(ctx context.Context) iter.Seq2[*Record, error]
	// Report describes what was read; it is complete once Records is done.
	Report() *ReadReport
}

// ReadReport tells the user how an export was understood: format, which
// column fed which field, and what went unused. (Rows left out on
// purpose, such as test-mode licenses, are the mapping's to count:
// mapping.Result.Skipped.)
type ReadReport struct {
	Files     []string    `json:"files"`
	Format    string      `json:"format"` // "csv", "json:api", "json"
	Delimiter string      `json:"delimiter,omitempty"`
	Encoding  string      `json:"encoding,omitempty"` // set when not UTF-8, e.g. windows-1252
	Columns   []ColumnUse `json:"columns"`
	Unused    []string    `json:"unused"`
	Rows      int         `json:"rows"`
	// Warnings are things the reader saw that make the read less than it
	// seems (related data missing from a dump), for the plan's review.
	Warnings []string `json:"warnings,omitempty"`
}

// ColumnUse records that a canonical field came from a column.
type ColumnUse struct {
	Field    string `json:"field"`
	Column   string `json:"column"`
	Override bool   `json:"override,omitempty"` // from columns: in the config, not auto-mapped
}

// Capabilities tell the planner and the applier how to talk to a target.
type Capabilities struct {
	// BatchSize is how many license creates go in one request or transaction.
	BatchSize int
	// RequestsPerMinute is the management rate limit; 0 means none.
	RequestsPerMinute int
	// ValidatePerMinute is the validate-key rate limit; 0 means none.
	ValidatePerMinute int
	// PreservesKeys is true when created licenses keep the requested key.
	PreservesKeys bool
	// Description names the target in plan headers, e.g. "local store .licentric/state.db".
	Description string
}

// Progress receives apply progress: n more changes done.
type Progress func(n int)

// Report passes n to p; a nil Progress ignores it.
func (p Progress) Report(n int) {
	if p != nil {
		p(n)
	}
}

// Validation is the answer of Licentric's validate-key.
type Validation struct {
	Valid bool
	Code  string
}

// Target is a Licentric account or something that behaves like one.
// Optional abilities (a lock, concurrency, validate-key) are the small
// interfaces below, checked by name where they are used.
type Target interface {
	// Current is the target's state for planning: the catalog, and the
	// licenses streamed in key order. It is the one way to read a target.
	Current(ctx context.Context) (plan.Current, error)
	// Apply executes changes ordered by kind: products, then policies, in
	// the order given, then licenses in any order (each change touches one
	// license, so their order cannot matter). Each change is idempotent:
	// re-applying one that already took effect is not an error.
	Apply(ctx context.Context, changes []plan.Change, progress Progress) error
	// Capabilities are what planning and applying need to know of it.
	Capabilities() Capabilities
	// Close releases the store file or the connection; a run ends with it.
	Close() error
}

// KeyValidator runs Licentric's validate-key, as verify and check-key do.
type KeyValidator interface {
	Validate(ctx context.Context, key license.Key, fingerprint string) (Validation, error)
}

// Locker is a target that serialises applies: a second apply fails at
// once and says who holds the lock.
type Locker interface {
	Lock(ctx context.Context, what string) error
}

// Tallier is a target that knows what an apply found already done
// (by another run at the same time, or an earlier one whose answer was
// lost): creates it adopted instead of making, deletes it found done. The
// apply's closing line counts only what this run did.
type Tallier interface {
	AlreadyDone() (creates, deletes int)
}

// ParallelApplier is a target that can send one-license changes
// concurrently (apply --parallelism).
type ParallelApplier interface {
	SetParallelism(n int)
}

// Reporter receives what a long read or wait is doing, so a terminal or a
// CI log is never silent for minutes. Calls may come from several
// goroutines.
type Reporter interface {
	// Progress says done of total items (total 0: unknown) of what.
	Progress(what string, done, total int)
	// Waiting says the reader pauses for d, and why (a rate limit, a retry).
	Waiting(why string, d time.Duration)
}

// Reporting is a target or source that can report its progress.
type Reporting interface {
	SetReporter(r Reporter)
}

// SizeHinter is a source that can estimate its record count cheaply, so
// the desired list is sized once instead of grown.
type SizeHinter interface {
	SizeHint() int
}

// FileDigester is a source that takes the SHA-256 of each export file it
// reads from the bytes its read takes anyway, so a plan's input digests
// (which make a saved plan stale once a file changed) cost no read of
// their own.
type FileDigester interface {
	// FileDigest is the hex SHA-256 of the whole file at path as the last
	// Records read it; ok is false when that read did not open it.
	FileDigest(path string) (sum string, ok bool, err error)
	// ExportFiles are the export files the last Records found, in order:
	// a plan lists these, not a glob of its own taken while they are read.
	ExportFiles() []string
}

// Clock lets tests pin "now" for expiry decisions.
type Clock func() time.Time
