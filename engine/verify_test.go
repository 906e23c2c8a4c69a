package engine

import (
	"context"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/providers/httpx/httpxtest"
)

// TestVerifyNowMovesWithTheRunsClock: verify judges each sampled key at
// the run's time when it is checked: the run's Now plus what its clock
// has moved since, so a paced sample hours long crosses an expiry as the
// target does, on the same time line as the mapping's Now.
func TestVerifyNowMovesWithTheRunsClock(t *testing.T) {
	runNow := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	clock := httpxtest.NewClock(runNow.Add(time.Hour))
	e := &Engine{Now: runNow, Clock: clock}
	now := e.nowFrom(e.clockNow())
	if got := now(); !got.Equal(runNow) {
		t.Errorf("at the start: %s, want the run's Now %s", got, runNow)
	}
	if err := clock.Sleep(context.Background(), 3*time.Hour); err != nil {
		t.Fatal(err)
	}
	if got, want := now(), runNow.Add(3*time.Hour); !got.Equal(want) {
		t.Errorf("three hours on: %s, want %s", got, want)
	}
}
