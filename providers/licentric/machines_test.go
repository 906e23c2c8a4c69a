package licentric

import (
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers/devices"
	"github.com/licentric/licentric-sync/providers/httpx/httpxtest"
	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/providers/targettest"
	"github.com/licentric/licentric-sync/sandbox"
)

// TestCarryIsPacedAndResumes carries 25 devices through the sandbox at
// Licentric's 10 activations a minute, on a fake clock (no real waiting):
// the client paces from the activation tier's headers and never gets a
// 429, the carry takes the minutes the plan states, and a second carry
// activates nothing and finds all 25; sending one again is answered
// 409, which counts as active already; one past the license's limit is
// counted apart and does not stop the carry.
func TestCarryIsPacedAndResumes(t *testing.T) {
	clock := httpxtest.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	store, err := local.Open(filepath.Join(t.TempDir(), "sandbox.db"), "sandbox.db")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ls := make([]license.License, 5)
	var held []devices.Held
	for i := range ls {
		ls[i] = license.License{Key: license.Key(fmt.Sprintf("CARRY-%d", i)), Status: license.Active, Product: "studio", Policy: "studio-yearly",
			Origin: license.Origin{Source: "src", Platform: "csv", SourceID: fmt.Sprint(i)}}
		for j := range 5 {
			held = append(held, devices.Held{Key: ls[i].Key, Device: devices.Device{Fingerprint: fmt.Sprintf("fingerprint-%d-%d", i, j), Platform: "Windows 11"}})
		}
	}
	d := targettest.Desired(ls)
	for i := range d.Policies {
		d.Policies[i].MaxMachines = 5
	}
	targettest.Converge(t, store, d, false)
	srv := sandbox.New(store, sandbox.Options{RateLimit: 120, Now: clock.Now})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	target, err := New(ts.URL+"/api/v1", "lk_test_conformance")
	if err != nil {
		t.Fatal(err)
	}
	target.SetClock(clock)
	start := clock.Now()
	got, err := devices.Carry(context.Background(), target, held, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got != (devices.Carried{Activated: 25}) || srv.Limited() != 0 {
		t.Fatalf("carried %+v with %d answers 429; want 25 activated and none", got, srv.Limited())
	}
	if took := clock.Now().Sub(start); took < devices.CarryTime(25-10, 10) || took > devices.CarryTime(25, 10)+time.Minute {
		t.Fatalf("25 activations at 10 a minute took %s on the clock", took)
	}
	again, err := devices.Carry(context.Background(), target, held, nil)
	if err != nil || again != (devices.Carried{Already: 25}) {
		t.Fatalf("a second carry: %+v, %v; want 25 active already", again, err)
	}
	// an activation whose answer was lost, sent again: 409 CONFLICT is active already
	if created, err := target.Activate(context.Background(), "CARRY-0", held[0].Device); created || err != nil {
		t.Fatalf("activating an active fingerprint again: created %v, %v", created, err)
	}
	// a sixth machine on a license whose policy allows 5: refused, counted, not an error
	over := []devices.Held{{Key: "CARRY-0", Device: devices.Device{Fingerprint: "fingerprint-sixth"}}}
	if got, err := devices.Carry(context.Background(), target, over, nil); err != nil || got != (devices.Carried{AtLimit: 1}) {
		t.Fatalf("a machine past the limit: %+v, %v; want 1 at the limit", got, err)
	}
	ms, err := target.Machines(context.Background(), "CARRY-0")
	if err != nil || len(ms) != 5 {
		t.Fatalf("license 0 holds %d machines (%v), want 5", len(ms), err)
	}
}
