package live_test

import (
	"context"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers/httpx/httpxtest"
	"github.com/licentric/licentric-sync/providers/live"
	"github.com/licentric/licentric-sync/providers/live/livefake"
	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/tabular"
)

// TestPublishedRatesWaitOnTheClock: on the platform's own host (here the
// fake's, named as the platform's host) the pages keep the published rate
// and a license check its own, both waited on the pager's clock: a fake
// one says how long a run would wait, and the test waits for none of it.
func TestPublishedRatesWaitOnTheClock(t *testing.T) {
	api := *apis["lemonsqueezy"]
	api.Live.Host = "127.0.0.1"
	api.Live.Rate = platform.Rate{Requests: 60, Per: time.Minute, Pace: time.Second, Burst: 1}
	s := livefake.Generate(fakeAPI("lemonsqueezy"), token, 250)
	clock := httpxtest.NewClock(time.Unix(1_700_000_000, 0))
	s.Now = clock.Now
	cfg := config.Source{Name: "ls-live", Platform: "lemonsqueezy", API: &config.API{URL: start(t, s), TokenEnv: "PLATFORM_TOKEN"}}
	src := ctors["lemonsqueezy"](cfg, t.TempDir())
	pg, err := live.New(cfg, &api, live.Options{Clock: clock, Getenv: func(string) string { return token }})
	if err != nil {
		t.Fatal(err)
	}
	src.(*tabular.Source).SetPager(pg)
	if got := readAll(t, src); len(got.Errs) > 0 || len(got.Values) != 250 {
		t.Fatalf("read %d records, errors %v", len(got.Values), got.Errs)
	}
	if slept, _ := clock.Slept(); slept != 2*time.Second {
		t.Fatalf("3 pages at one a second slept %s on the clock, want 2s", slept)
	}
	asker := pg.Paced(30)
	before, _ := clock.Slept()
	for range 2 {
		if _, _, err := asker.Ask(context.Background(), platform.Request{Method: "GET", Path: "/licenses"}); err != nil {
			t.Fatal(err)
		}
	}
	if slept, _ := clock.Slept(); slept-before < 2*time.Second {
		t.Fatalf("two checks at 30 a minute slept %s on the clock, want at least 2s", slept-before)
	}
}
