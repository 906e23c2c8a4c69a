package licentric

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// pacer keeps requests inside the server's window using the rate-limit
// headers of every answer: when the window's allowance is used up it
// waits for X-RateLimit-Reset instead of provoking a 429.
type pacer struct {
	mu        sync.Mutex
	limit     int
	remaining int // -1: unknown yet
	reset     time.Time
	now       func() time.Time
}

func newPacer() *pacer { return &pacer{remaining: -1, now: time.Now} }

func (p *pacer) wait(ctx context.Context, sleep func(context.Context, time.Duration) error) error {
	p.mu.Lock()
	var d time.Duration
	if p.remaining == 0 {
		if d = p.reset.Sub(p.now()); d > 0 {
			d += 50 * time.Millisecond // the server's clock may lag ours a little
			p.remaining = -1
		}
	} else if p.remaining > 0 {
		p.remaining-- // count requests in flight before their answers arrive
	}
	p.mu.Unlock()
	if d > 0 {
		return sleep(ctx, d)
	}
	return nil
}

func (p *pacer) update(h http.Header) {
	limit, err1 := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	remaining, err2 := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	reset, err3 := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	at := time.Unix(reset, 0)
	if !at.Equal(p.reset) || p.remaining < 0 || remaining < p.remaining {
		p.remaining = remaining // a new window, or the server knows of more use than we do
	}
	p.limit, p.reset = limit, at
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
