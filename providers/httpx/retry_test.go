package httpx_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/providers/httpx"
	"github.com/licentric/licentric-sync/providers/httpx/httpxtest"
)

// waits records the waits a Retrier reports.
type waits []string

func (w *waits) Waiting(why string, d time.Duration) { *w = append(*w, why+" "+d.String()) }

// TestRetrierLimits: the shared loop sends at most 1+MaxRetries times,
// stops at once on an error a retry cannot fix, waits out a Retry-After
// (reported: it is long enough to notice), and refuses one past
// MaxRetryWait without waiting. The clock is fake: nothing waits.
func TestRetrierLimits(t *testing.T) {
	fail := errors.New("HTTP 502")
	success := httpx.Outcome{Wait: -1} // a marker: the attempt succeeds
	for _, tc := range []struct {
		name     string
		outcomes []httpx.Outcome // per attempt, the last repeating
		wantSent int
		wantErr  string
		wantWait time.Duration // slept in all, when known
		reported []string
	}{
		{"5xx forever", []httpx.Outcome{{Retry: true}}, 1 + httpx.MaxRetries, "HTTP 502 (gave up after 7 attempts)", -1, nil},
		{"4xx", []httpx.Outcome{{}}, 1, "HTTP 502", 0, nil},
		{"retry-after then success", []httpx.Outcome{{Retry: true, Wait: 3 * time.Second}, {Retry: true, Wait: time.Second}, success}, 3, "", 4 * time.Second,
			[]string{"GET /x: the platform's rate limit (Retry-After) 3s"}},
		{"retry-after past the cap", []httpx.Outcome{{Retry: true, Wait: 100 * time.Second}, {Retry: true, Wait: 100 * time.Second}}, 2,
			"HTTP 502; the platform asks to wait 1m40s more, past the 2m0s this tool waits for one request: run again later", 100 * time.Second,
			[]string{"GET /x: the platform's rate limit (Retry-After) 1m40s"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := httpxtest.NewClock(time.Unix(1_700_000_000, 0))
			var got waits
			r := httpx.Retrier{Clock: clock, Report: &got, Server: "the platform"}
			sent := 0
			err := r.Do(context.Background(), "GET /x", func(attempt int) (httpx.Outcome, error) {
				if attempt != sent {
					t.Fatalf("attempt %d after %d sends", attempt, sent)
				}
				o := tc.outcomes[min(sent, len(tc.outcomes)-1)]
				sent++
				if o == success {
					return httpx.Outcome{}, nil
				}
				return o, fail
			})
			if tc.name == "4xx" && !errors.Is(err, fail) {
				t.Fatalf("a 4xx must come back as it is: %v", err)
			}
			if gotErr := errText(err); gotErr != tc.wantErr || sent != tc.wantSent {
				t.Fatalf("sent %d, error %q; want %d, %q", sent, gotErr, tc.wantSent, tc.wantErr)
			}
			slept, _ := clock.Slept()
			if tc.wantWait >= 0 && slept != tc.wantWait {
				t.Errorf("slept %s, want %s", slept, tc.wantWait)
			}
			if tc.wantWait < 0 && slept > time.Duration(httpx.MaxRetries)*httpx.BackoffCap {
				t.Errorf("backoff slept %s for %d retries", slept, httpx.MaxRetries)
			}
			if diff := cmp.Diff(tc.reported, []string(got)); diff != "" && !strings.Contains(tc.name, "forever") {
				t.Errorf("reported waits (-want +got):\n%s", diff)
			}
		})
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestBackoffStaysInItsBounds: attempt n waits at most BackoffBase·2ⁿ
// (plus the 10 ms floor), never more than BackoffCap.
func TestBackoffStaysInItsBounds(t *testing.T) {
	for attempt := range 40 {
		limit := min(httpx.BackoffBase<<min(attempt, 16), httpx.BackoffCap) + 10*time.Millisecond
		for range 50 {
			if d := httpx.Backoff(attempt); d < 10*time.Millisecond || d > limit {
				t.Fatalf("attempt %d waited %s, want 10ms..%s", attempt, d, limit)
			}
		}
	}
}

// TestRetrierStopsWithTheContext: a cancelled run does not retry.
func TestRetrierStopsWithTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	clock := httpxtest.NewClock(time.Now())
	sent := 0
	err := httpx.Retrier{Clock: clock}.Do(ctx, "GET /x", func(int) (httpx.Outcome, error) {
		sent++
		cancel()
		return httpx.Outcome{Retry: true}, errors.New("dropped")
	})
	if sent != 1 || err == nil {
		t.Fatalf("sent %d times after the run was cancelled (error %v)", sent, err)
	}
}
