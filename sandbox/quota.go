package sandbox

import (
	"net/http"
	"sync"
	"time"
)

// quota counts management requests in the current month (UTC): failed
// requests count too, as on Licentric.
type quota struct {
	mu    sync.Mutex
	month time.Month
	year  int
	used  int
}

// withinQuota spends one request of the monthly quota; past it the
// request is refused, as Licentric blocks at a plan's cap. Validations
// keep working at the cap.
func (s *Server) withinQuota(w http.ResponseWriter, validate bool) bool {
	if s.opts.MonthlyRequests <= 0 || validate {
		return true
	}
	now := s.opts.Now().UTC()
	q := &s.quota
	q.mu.Lock()
	defer q.mu.Unlock()
	if now.Month() != q.month || now.Year() != q.year {
		q.month, q.year, q.used = now.Month(), now.Year(), 0
	}
	if q.used >= s.opts.MonthlyRequests {
		fail(w, http.StatusTooManyRequests, "QUOTA_EXCEEDED", "the plan's %d requests this month are used up; they reset on the 1st (UTC)", s.opts.MonthlyRequests)
		return false
	}
	q.used++
	return true
}
