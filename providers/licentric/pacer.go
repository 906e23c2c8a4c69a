package licentric

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/licentric/licentric-sync/providers/httpx"
)

// pacer follows the server's own rate-limit headers (it is not a limiter
// of its own: the server's allowance is the truth): it counts the
// allowance down as requests leave, so concurrent workers do not
// overshoot; when it is used up it waits for X-RateLimit-Reset instead of
// provoking a 429; and while the allowance is unknown (before the first
// answer, or after a reset) it lets one probe request out at a time.
type pacer struct {
	mu        sync.Mutex
	limit     int
	remaining int // -1: unknown
	reset     time.Time
	inflight  int
	// answered is closed (and replaced) when a request is answered, for
	// the requests waiting on a probe.
	answered chan struct{}
	now      func() time.Time
	// doubt is set when the last reset header was not believed, for the
	// wait's report.
	doubt string
}

// maxReset is the furthest ahead a reset is believed: the documented
// window is a minute. A reset past it (99999999999, a date years ahead)
// is taken as one window from now, and the wait says so.
const maxReset = 2 * time.Minute

// window is the documented rate-limit window.
const window = time.Minute

func newPacer() *pacer { return &pacer{remaining: -1, answered: make(chan struct{}), now: time.Now} }

// wait blocks until a request may be sent; done must follow each send.
// sleep receives why it waits.
func (p *pacer) wait(ctx context.Context, sleep func(context.Context, string, time.Duration) error) error {
	for {
		p.mu.Lock()
		var d time.Duration
		why := "the account's rate limit" + p.doubt
		now := p.now()
		switch {
		case p.remaining < 0 && p.inflight == 0, p.remaining > 0:
			if p.remaining > 0 {
				p.remaining--
			}
			p.inflight++
			p.mu.Unlock()
			return nil
		case p.remaining < 0: // wait for the probe's answer
			answered := p.answered
			p.mu.Unlock()
			select {
			case <-answered:
				continue
			case <-ctx.Done():
				return ctx.Err()
			}
		case !now.Before(p.reset):
			// A new window has begun. Its allowance is unknown until an
			// answer from it arrives (requests still in flight may land in
			// it), so go back to probing one request at a time.
			p.remaining = -1
			p.mu.Unlock()
			continue
		default:
			d = p.reset.Sub(now) + 50*time.Millisecond // the server's clock may lag ours a little
		}
		p.mu.Unlock()
		if err := sleep(ctx, why, d); err != nil {
			return err
		}
	}
}

// done marks a request as answered (or failed).
func (p *pacer) done() {
	p.mu.Lock()
	p.inflight--
	close(p.answered)
	p.answered = make(chan struct{})
	p.mu.Unlock()
}

func (p *pacer) update(h http.Header) {
	limit, err1 := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	remaining, err2 := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	raw := h.Get("X-RateLimit-Reset")
	if err1 != nil || err2 != nil || raw == "" {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	at, ok := httpx.ResetTime(raw, now, maxReset)
	p.doubt = ""
	if !ok {
		at = now.Add(window)
		p.doubt = fmt.Sprintf(" (its X-RateLimit-Reset %.20q is not within %s, so one %s window is assumed)", raw, maxReset, window)
	}
	// The answer does not count requests still in flight, so they are
	// taken off what it says is left. Answers can arrive out of order, so
	// a known allowance only ever goes down; it is learned afresh (by a
	// probe) once the reset time has passed.
	left := max(remaining-p.inflight, 0)
	if p.remaining < 0 || left < p.remaining {
		p.remaining = left
	}
	p.limit = limit
	if at.After(p.reset) {
		p.reset = at
	}
}

// perMinute is the last limit the server announced, or def.
func (p *pacer) perMinute(def int) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.limit > 0 {
		return p.limit
	}
	return def
}
