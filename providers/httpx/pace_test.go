package httpx_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/providers/httpx"
	"github.com/licentric/licentric-sync/providers/httpx/httpxtest"
)

// TestPaceWaitsOnItsClock: a pace spaces requests at its rate with its
// burst at once, and waits on the clock it is given (here a fake: the
// test takes no time, and the clock says how long a run would wait).
func TestPaceWaitsOnItsClock(t *testing.T) {
	for _, tc := range []struct {
		name      string
		pace      func(httpx.Clock) *httpx.Pace
		requests  int
		slept     time.Duration
		sleepsMax int
	}{
		{"60 a minute", func(c httpx.Clock) *httpx.Pace { return httpx.PerMinute(60, c) }, 5, 4 * time.Second, 4},
		{"burst of 3, one a second", func(c httpx.Clock) *httpx.Pace { return httpx.NewPace(time.Second, 3, c) }, 5, 2 * time.Second, 2},
		{"no rate", func(c httpx.Clock) *httpx.Pace { return httpx.PerMinute(0, c) }, 5, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := httpxtest.NewClock(time.Unix(1_700_000_000, 0))
			p := tc.pace(clock)
			for range tc.requests {
				if err := p.Wait(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			if slept, sleeps := clock.Slept(); slept != tc.slept || sleeps > tc.sleepsMax {
				t.Fatalf("%d requests slept %s in %d sleeps, want %s in at most %d", tc.requests, slept, sleeps, tc.slept, tc.sleepsMax)
			}
		})
	}
}

// TestPaceGivesBackAnEndedWait: a wait cut short by its context returns
// the context's error and gives its place back, so the next request does
// not wait for two.
func TestPaceGivesBackAnEndedWait(t *testing.T) {
	clock := httpxtest.NewClock(time.Unix(1_700_000_000, 0))
	p := httpx.PerMinute(60, clock)
	if err := p.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	ended, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.Wait(ended); !errors.Is(err, context.Canceled) {
		t.Fatalf("a wait on an ended context: %v", err)
	}
	if err := p.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if slept, _ := clock.Slept(); slept != time.Second {
		t.Fatalf("the request after an ended wait slept %s, want 1s", slept)
	}
}
