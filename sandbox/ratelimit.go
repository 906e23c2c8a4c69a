package sandbox

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiters hold one token bucket per client (API key, or IP for
// validate-key): limit requests per window, refilled continuously, a full
// window's worth available at once, as golang.org/x/time/rate provides.
type limiters struct {
	mu      sync.Mutex
	buckets map[string]*rate.Limiter
	limited int // requests answered 429
	swept   time.Time
}

// sweepAbove is how many buckets may exist before full (idle) ones are
// dropped: a full bucket is exactly what a new one would be.
const sweepAbove = 1024

func newLimiters() *limiters { return &limiters{buckets: map[string]*rate.Limiter{}} }

// take spends one request of bucket. It returns what is left, when the
// bucket will be full again (X-RateLimit-Reset), and, when refused, how
// long until one request is allowed (Retry-After).
func (ls *limiters) take(bucket string, limit int, window time.Duration, now time.Time) (remaining int, reset time.Time, retry time.Duration, ok bool) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	per := window / time.Duration(limit)
	l := ls.buckets[bucket]
	if l == nil {
		ls.sweep(limit, window, now)
		l = rate.NewLimiter(rate.Every(per), limit)
		ls.buckets[bucket] = l
	}
	ok = l.AllowN(now, 1)
	tokens := l.TokensAt(now)
	if !ok {
		ls.limited++
		retry = time.Duration((1 - tokens) * float64(per))
	}
	reset = now.Add(time.Duration((float64(limit) - tokens) * float64(per)))
	return max(int(math.Floor(tokens)), 0), reset, retry, ok
}

// sweep drops buckets that are full again (idle for a window), at most
// once a window, once there are more than sweepAbove of them.
func (ls *limiters) sweep(limit int, window time.Duration, now time.Time) {
	if len(ls.buckets) < sweepAbove || now.Sub(ls.swept) < window {
		return
	}
	ls.swept = now
	for k, l := range ls.buckets {
		if l.TokensAt(now) >= float64(l.Burst()) {
			delete(ls.buckets, k)
		}
	}
}

// Buckets is how many rate-limit buckets the server holds (tests).
func (s *Server) Buckets() int {
	s.limiter.mu.Lock()
	defer s.limiter.mu.Unlock()
	return len(s.limiter.buckets)
}

// bucket names who a request counts against: the configured API key when
// it was presented; otherwise the client's address, so rotating lk_test_
// keys (any is accepted without --api-key) or bad keys share one limit.
func (s *Server) bucket(r *http.Request, validate bool) string {
	if validate {
		return "validate-ip:" + clientIP(r)
	}
	if key, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && s.opts.APIKey != "" && key == s.opts.APIKey {
		return "key:" + key
	}
	return "ip:" + clientIP(r)
}

// rateLimit applies the management limit per bucket, or the validate-key
// limit (half of it) per client IP, before authentication (a 401 counts
// and carries the headers too), and sets the X-RateLimit-* headers on
// every answer; 429 carries Retry-After.
func (s *Server) rateLimit(w http.ResponseWriter, r *http.Request, validate bool) bool {
	limit := s.opts.RateLimit
	if limit <= 0 {
		return true
	}
	bucket := s.bucket(r, validate)
	if validate {
		limit = max(limit/2, 1)
	}
	return s.limitIn(w, bucket, limit)
}

// limitIn spends one request of bucket, whose allowance is limit a
// window, and answers 429 when it is used up.
func (s *Server) limitIn(w http.ResponseWriter, bucket string, limit int) bool {
	remaining, reset, retry, ok := s.limiter.take(bucket, limit, s.opts.Window, s.opts.Now())
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(ceilUnix(reset), 10))
	if ok {
		return true
	}
	secs := max(int(math.Ceil(retry.Seconds())), 1)
	h.Set("Retry-After", strconv.Itoa(secs))
	fail(w, http.StatusTooManyRequests, "RATE_LIMITED", "Rate limit exceeded. Retry after %d seconds.", secs)
	return false
}

func ceilUnix(t time.Time) int64 {
	if t.Truncate(time.Second).Equal(t) {
		return t.Unix()
	}
	return t.Unix() + 1
}

// Limited is how many requests this server has answered with 429, so
// tests can prove a client paced itself.
func (s *Server) Limited() int {
	s.limiter.mu.Lock()
	defer s.limiter.mu.Unlock()
	return s.limiter.limited
}
