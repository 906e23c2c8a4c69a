package sandbox

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// windows counts requests in fixed one-minute windows per bucket, as
// Licentric's documented X-RateLimit-Reset (a window boundary) implies.
type windows struct {
	mu      sync.Mutex
	buckets map[string]*window
	limited int // requests answered 429
}

type window struct {
	start time.Time
	used  int
}

func newWindows() *windows { return &windows{buckets: map[string]*window{}} }

// take uses one request of bucket; it returns what is left and when the
// window resets, or ok=false when the limit is reached.
func (ws *windows) take(bucket string, limit int, now time.Time, size time.Duration) (remaining int, reset time.Time, ok bool) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	start := now.Truncate(size)
	w := ws.buckets[bucket]
	if w == nil || !w.start.Equal(start) {
		w = &window{start: start}
		ws.buckets[bucket] = w
	}
	reset = start.Add(size)
	if w.used >= limit {
		ws.limited++
		return 0, reset, false
	}
	w.used++
	return limit - w.used, reset, true
}

// rateLimit applies the management limit per API key, or the
// validate-key limit (half of it) per client IP, and sets the
// X-RateLimit-* headers on every answer; 429 carries Retry-After.
func (s *Server) rateLimit(w http.ResponseWriter, r *http.Request, key string, validate bool) bool {
	limit := s.opts.RateLimit
	if limit <= 0 {
		return true
	}
	bucket := "key:" + key
	if validate {
		limit, bucket = max(limit/2, 1), "ip:"+clientIP(r)
	}
	now := s.opts.Now()
	remaining, reset, ok := s.limiter.take(bucket, limit, now, s.opts.Window)
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	if ok {
		return true
	}
	wait := int(reset.Sub(now).Seconds() + 0.999)
	h.Set("Retry-After", strconv.Itoa(max(wait, 1)))
	fail(w, http.StatusTooManyRequests, "RATE_LIMITED", "Rate limit exceeded. Retry after %d seconds.", max(wait, 1))
	return false
}

// Limited is how many requests this server has answered with 429, so
// tests can prove a client paced itself.
func (s *Server) Limited() int {
	s.limiter.mu.Lock()
	defer s.limiter.mu.Unlock()
	return s.limiter.limited
}
