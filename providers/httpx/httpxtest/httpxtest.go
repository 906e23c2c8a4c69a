// Package httpxtest holds what the tests of every HTTP client share: the
// two servers of the redirect tests (one that redirects everything
// elsewhere, a witness that records what reached it, both on 127.0.0.1),
// and a fake clock.
package httpxtest

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// Witness is a server that records the Authorization header and body of
// every request that reaches it, and answers 404.
type Witness struct {
	URL  string
	mu   sync.Mutex
	auth []string
	body []string
}

// Seen is what reached the witness: one Authorization value and one
// body per request.
func (w *Witness) Seen() (auth, body []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.auth...), append([]string(nil), w.body...)
}

// Leaks counts the requests that carried a credential or a body.
func (w *Witness) Leaks() int {
	auth, body := w.Seen()
	n := 0
	for i := range auth {
		if auth[i] != "" || body[i] != "" {
			n++
		}
	}
	return n
}

// NewWitness starts a witness, closed when the test ends.
func NewWitness(t testing.TB) *Witness {
	w := &Witness{}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.mu.Lock()
		w.auth = append(w.auth, r.Header.Get("Authorization"))
		w.body = append(w.body, string(b))
		w.mu.Unlock()
		rw.WriteHeader(http.StatusNotFound)
	}))
	t.Cleanup(srv.Close)
	w.URL = srv.URL
	return w
}

// Redirector answers every request with status and Location to plus the
// request's path and query, counting the requests it was asked.
type Redirector struct {
	Status int
	To     string
	mu     sync.Mutex
	asked  int
}

// Asked is how many requests reached the redirector.
func (r *Redirector) Asked() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.asked
}

// ServeHTTP redirects.
func (r *Redirector) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	_, _ = io.Copy(io.Discard, req.Body)
	r.mu.Lock()
	r.asked++
	r.mu.Unlock()
	w.Header().Set("Location", r.To+req.URL.RequestURI())
	w.WriteHeader(r.Status)
}

// Start serves r on 127.0.0.1 and returns its URL.
func Start(t testing.TB, r *Redirector) string {
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return srv.URL
}

// Clock is a fake httpx.Clock: Sleep returns at once and moves Now on by
// the time asked, so backoff, pacing and Retry-After are tested without
// waiting for them. Share one with a fake server (sandbox.Options.Now,
// livefake.Server.Now) and both see the same time pass.
type Clock struct {
	mu     sync.Mutex
	now    time.Time
	slept  time.Duration
	sleeps int
}

// NewClock is a fake clock reading start.
func NewClock(start time.Time) *Clock { return &Clock{now: start} }

// Now is the fake time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep moves the time on by d, unless ctx has ended.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.slept += d
	c.sleeps++
	return nil
}

// Slept is how long, in all, the code under test would have waited, and
// in how many sleeps.
func (c *Clock) Slept() (time.Duration, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.slept, c.sleeps
}
