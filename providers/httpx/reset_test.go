package httpx_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/providers/httpx"
)

// TestResetTime: seconds, milliseconds, dates; past or too far is not
// believed.
func TestResetTime(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	for v, want := range map[string]time.Duration{
		fmt.Sprint(now.Unix() + 30):               30 * time.Second,
		fmt.Sprint(now.UnixMilli() + 1500):        1500 * time.Millisecond,
		now.Add(time.Minute).Format(time.RFC3339): time.Minute,
		"99999999999":                 -1,
		fmt.Sprint(now.Unix() - 5):    -1,
		fmt.Sprint(now.Unix() + 7200): -1,
		"soon":                        -1,
	} {
		at, ok := httpx.ResetTime(v, now, time.Hour)
		switch {
		case want < 0 && ok:
			t.Errorf("%s: believed (%s)", v, at)
		case want >= 0 && (!ok || at.Sub(now) != want):
			t.Errorf("%s: %s %v, want %s ahead", v, at.Sub(now), ok, want)
		}
	}
}
