package live_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/licentric/licentric-sync/providers/devices"
	"github.com/licentric/licentric-sync/providers/live"
	"github.com/licentric/licentric-sync/providers/live/livefake"
	"github.com/licentric/licentric-sync/providers/registry"
)

// deviceItems are three devices of license "1" as each platform's API
// writes them.
var deviceItems = map[string]func(i int) (key string, item any){
	"keygen": func(i int) (string, any) {
		id := fmt.Sprintf("00000005-0000-4000-8000-%012d", i)
		return "machines/" + id, livefake.APIResource{Type: "machines", ID: id,
			Attributes:    map[string]any{"fingerprint": fmt.Sprintf("fingerprint-%d", i), "created": fmt.Sprintf("2024-01-01T00:00:0%d.000Z", i)},
			Relationships: map[string]any{"license": livefake.Rel("licenses", "1")}}
	},
	"cryptlex": func(i int) (string, any) {
		id := fmt.Sprintf("act-%d", i)
		return "activations/" + id, map[string]any{"id": id, "licenseId": "1", "hostname": fmt.Sprintf("host-%d", i), "os": "linux"}
	},
	"lemonsqueezy": func(i int) (string, any) {
		return fmt.Sprintf("license-key-instances/%d", i+1), map[string]any{"type": "license-key-instances", "id": fmt.Sprint(i + 1),
			"attributes": map[string]any{"license_key_id": 1, "identifier": fmt.Sprintf("identifier-%d", i), "name": "Laptop"}}
	},
}

// TestLiveDevices: each platform's device list, served by its fake as the
// platform does (paging, totals), is read whole through the pager with
// the source's token and decoded by the platform's descriptor.
func TestLiveDevices(t *testing.T) {
	for name, item := range deviceItems {
		t.Run(name, func(t *testing.T) {
			p, _ := registry.Default().Lookup(name)
			s := livefake.New(fakeAPI(name), token)
			s.PageCap = 2 // the lists take two pages
			for i := range 3 {
				k, v := item(i)
				s.Included[k] = livefake.MustJSON(v)
			}
			_, pg := liveSource(t, name, start(t, s), live.Options{})
			var got []devices.Device
			read, err := pg.Devices(context.Background(), func(body []byte) error {
				ds, err := devices.ReadPage(*p.Devices, "page", body)
				got = append(got, ds...)
				return err
			})
			if err != nil || !read || len(got) != 3 {
				t.Fatalf("read %v, %d devices, %v; want 3", read, len(got), err)
			}
			for _, d := range got {
				if d.LicenseID != "1" {
					t.Errorf("a device names license %q, want 1", d.LicenseID)
				}
			}
		})
	}
}
