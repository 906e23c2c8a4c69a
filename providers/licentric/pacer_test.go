package licentric

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestPacerCapsTheResetWait: a reset header years ahead, or in epoch
// milliseconds, never makes the client wait past one window; the wait is
// reported with the reason. No real clock: now and sleep are fakes.
func TestPacerCapsTheResetWait(t *testing.T) {
	base := time.Unix(1_700_000_000, 0)
	now := base
	for _, tc := range []struct {
		reset string
		want  time.Duration
		doubt bool
	}{
		{"99999999999", window, true},
		{fmt.Sprint(base.Add(10 * time.Second).UnixMilli()), 10 * time.Second, false},
		{fmt.Sprint(base.Add(20 * time.Second).Unix()), 20 * time.Second, false},
		{fmt.Sprint(base.Add(3 * time.Hour).Unix()), window, true},
		{"Thu, 01 Jan 2099 00:00:00 GMT", window, true},
	} {
		now = base
		p := newPacer()
		p.now = func() time.Time { return now }
		h := http.Header{}
		h.Set("X-RateLimit-Limit", "120")
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Reset", tc.reset)
		p.update(h)
		var waited time.Duration
		var why string
		err := p.wait(context.Background(), func(_ context.Context, w string, d time.Duration) error {
			waited += d
			why = w
			now = now.Add(d) // the fake clock moves as a sleep would
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if slack := 100 * time.Millisecond; waited < tc.want || waited > tc.want+slack {
			t.Errorf("reset %s: waited %s, want %s", tc.reset, waited, tc.want)
		}
		if got := strings.Contains(why, "is not within"); got != tc.doubt {
			t.Errorf("reset %s: the wait's reason %q should say the header was not believed: %v", tc.reset, why, tc.doubt)
		}
	}
}
