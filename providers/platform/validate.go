package platform

import (
	"context"
	"net/url"
	"time"

	"github.com/licentric/licentric-sync/compare"
	"github.com/licentric/licentric-sync/license"
)

// Validator is a platform's own answer to "may this license be used?",
// for compare: the check an app relies on, asked without side effects
// where the platform has such a call. docs/platforms.md's "compare" row
// of each platform says what is called and what it may change.
type Validator struct {
	// Calls says which request is made and what it may change on the
	// platform; compare prints it before a run.
	Calls string
	// Judged is set when the platform has no validate call and the
	// answer is the tool's reading of the license record (Cryptlex):
	// the report says so.
	Judged bool
	// PerMinute, when set, is the check's own published rate where it is
	// below the list API's (Live.Rate), as on the platform's host.
	PerMinute int
	// Check asks about one license. It decides on the platform's
	// validity, never on its error text; its error is an answer that
	// could not be had (compare counts it unknown, never invalid).
	Check func(ctx context.Context, a Asker, s Subject) (Verdict, error)
}

// Subject is the license asked about: its key and, when the source
// read it, the platform's id for it ("" for a key only a validation log
// names).
type Subject struct {
	Key license.Key
	ID  string
	// Now is the run's time (engine.Engine.Now): a platform that judges
	// its record itself (Cryptlex) decides an expiry by it, so compare
	// follows the run's clock and a test pins it. Zero: the wall clock.
	Now time.Time
}

// Verdict is the platform's answer: the outcome compare classifies and
// the platform's code or status word that explains it.
type Verdict struct {
	Outcome compare.Outcome
	Code    string
}

// Answer is the verdict of a platform that answers valid or not: the
// boolean decides, the code only explains (compare never reads it).
func Answer(valid bool, code string) Verdict {
	if valid {
		return Verdict{Outcome: compare.Valid, Code: code}
	}
	return Verdict{Outcome: compare.Invalid, Code: code}
}

// Asker sends one request to the platform's API, paced at its rate and
// with the source's token. A transport error, a 429, a 5xx or a refused
// token is an error (the caller counts it unknown); any other status
// comes back with its body for the platform to read.
type Asker interface {
	Ask(ctx context.Context, r Request) (status int, body []byte, err error)
}

// Request is one request under the API base: Path and Query, and for a
// POST the form it sends. Accept "" is the platform's Live.Accept.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Form   url.Values
	Accept string
}
