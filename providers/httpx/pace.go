package httpx

import (
	"context"
	"time"

	"golang.org/x/time/rate"
)

// Pace spaces requests at a published rate: one every Every, Burst of
// them at once (a token bucket, golang.org/x/time/rate's). It is waited
// on a Clock, like the retries, so a fake clock passes its waits at once:
// a test of a paced read or of verify's validate-key sample costs no wall
// time. A platform's documented rate, a license check's own rate and
// verify's sample are paced by one.
type Pace struct {
	lim   *rate.Limiter
	clock Clock
}

// NewPace paces at one request every every, burst at once (at least one),
// waiting on clock (nil: the wall clock).
func NewPace(every time.Duration, burst int, clock Clock) *Pace {
	if clock == nil {
		clock = Wall{}
	}
	return &Pace{lim: rate.NewLimiter(rate.Every(every), max(burst, 1)), clock: clock}
}

// PerMinute paces at n requests a minute, one at a time; nil when n is
// not positive (no pace).
func PerMinute(n int, clock Clock) *Pace {
	if n <= 0 {
		return nil
	}
	return NewPace(time.Minute/time.Duration(n), 1, clock)
}

// Wait returns when the next request may be sent, or when ctx ends (its
// place is then given back). A nil Pace never waits.
func (p *Pace) Wait(ctx context.Context) error {
	if p == nil {
		return nil
	}
	now := p.clock.Now()
	r := p.lim.ReserveN(now, 1) // always granted: the burst is at least one
	d := r.DelayFrom(now)
	if d <= 0 {
		return nil
	}
	if err := p.clock.Sleep(ctx, d); err != nil {
		r.CancelAt(p.clock.Now())
		return err
	}
	return nil
}
