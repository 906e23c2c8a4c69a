package engine

import (
	"testing"
	"time"
)

func TestTimingString(t *testing.T) {
	tm := Timing{Sources: 300 * time.Microsecond, Target: 61*time.Second + 4*time.Millisecond, Check: 2500 * time.Microsecond}
	if got, want := tm.String(), "sources <1ms, target read and plan 1m1.004s, closing check 3ms"; got != want {
		t.Fatalf("%q, want %q", got, want)
	}
	if tm.Total() != tm.Sources+tm.Target+tm.Check {
		t.Fatal("Total is not the sum of the phases")
	}
}
