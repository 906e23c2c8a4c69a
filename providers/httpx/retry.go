package httpx

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"
)

// The retry limits of every HTTP client of the tool (the Licentric target
// and the live sources), as the README's "Limits" section states them.
const (
	// MaxRetries: one request is sent at most 1+MaxRetries times.
	MaxRetries = 6
	// MaxRetryWait is the most one request waits in all between its
	// attempts; a Retry-After past it fails the request with the reason
	// instead of stalling a run for hours.
	MaxRetryWait = 2 * time.Minute
	// BackoffBase and BackoffCap bound the backoff after a 5xx or a
	// dropped connection: attempt n waits a random time up to
	// BackoffBase·2ⁿ, never more than BackoffCap.
	BackoffBase = 200 * time.Millisecond
	BackoffCap  = 10 * time.Second
	// ReportedWait is how long a wait must be before it is reported: a
	// shorter one is not worth a line in a CI log.
	ReportedWait = 2 * time.Second
)

// Backoff is exponential with full jitter: up to 0.2 s, 0.4 s, … 10 s.
func Backoff(attempt int) time.Duration {
	limit := min(BackoffBase<<min(attempt, 16), BackoffCap)
	return time.Duration(rand.Int64N(int64(limit))) + 10*time.Millisecond
}

// Clock is the time a client reads and waits on: the wall clock in a run,
// a fake in tests (httpxtest.Clock), so that backoff, pacing and
// Retry-After are tested without waiting for them.
type Clock interface {
	// Now is the time pacing and Retry-After dates are measured from.
	Now() time.Time
	// Sleep waits for d or until ctx ends.
	Sleep(ctx context.Context, d time.Duration) error
}

// Wall is the real clock.
type Wall struct{}

// Now is time.Now.
func (Wall) Now() time.Time { return time.Now() }

// Sleep waits for d on a timer, or until ctx ends.
func (Wall) Sleep(ctx context.Context, d time.Duration) error { return Sleep(ctx, d) }

// Waiter hears of waits long enough to notice (providers.Reporter is one).
type Waiter interface {
	Waiting(why string, d time.Duration)
}

// Outcome is what one attempt learned: whether sending again may help,
// and how long the server asked to wait first (Retry-After; 0 backs off).
type Outcome struct {
	Retry bool
	Wait  time.Duration
}

// Retrier sends one logical request until it succeeds, fails for good or
// the limits above run out. One loop for every client, so the limits the
// README promises hold everywhere.
type Retrier struct {
	// Clock is waited on; nil is the wall clock.
	Clock Clock
	// Report hears of long waits; nil reports nothing.
	Report Waiter
	// Server names who answers, in messages: "the platform", "the server".
	Server string
}

// Do calls try with attempt 0, 1, … until it returns nil, an error not
// worth retrying, or the limits are spent. name labels the request in the
// reasons of reported waits; the errors are try's, with why it stopped.
func (r Retrier) Do(ctx context.Context, name string, try func(attempt int) (Outcome, error)) error {
	waited := time.Duration(0)
	for attempt := 0; ; attempt++ {
		o, err := try(attempt)
		if err == nil || !o.Retry || ctx.Err() != nil {
			return err
		}
		if attempt >= MaxRetries {
			return fmt.Errorf("%w (gave up after %d attempts)", err, attempt+1)
		}
		wait, why := o.Wait, fmt.Sprintf("%s: retrying after: %v", name, err)
		if wait == 0 {
			wait = Backoff(attempt)
		} else {
			why = fmt.Sprintf("%s: %s's rate limit (Retry-After)", name, r.Server)
		}
		if waited+wait > MaxRetryWait {
			return fmt.Errorf("%w; %s asks to wait %s more, past the %s this tool waits for one request: run again later",
				err, r.Server, wait.Round(time.Second), MaxRetryWait)
		}
		waited += wait
		if err := r.Pause(ctx, why, wait); err != nil {
			return err
		}
	}
}

// Pause waits for d on the clock, saying why first when d is long enough
// to notice (ReportedWait). Pacers wait through it too.
func (r Retrier) Pause(ctx context.Context, why string, d time.Duration) error {
	if r.Report != nil && d >= ReportedWait {
		r.Report.Waiting(why, d)
	}
	return r.clock().Sleep(ctx, d)
}

// Now is the clock's time.
func (r Retrier) Now() time.Time { return r.clock().Now() }

func (r Retrier) clock() Clock {
	if r.Clock == nil {
		return Wall{}
	}
	return r.Clock
}
