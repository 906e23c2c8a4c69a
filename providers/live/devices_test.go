package live_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/licentric/licentric-sync/config"
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

// TestSnapshotDevices: a pull saves each platform's device pages beside
// its licenses, and a read of the snapshot hands back the same pages
// without a request; a device page changed, or left out of the
// manifest, is refused.
func TestSnapshotDevices(t *testing.T) {
	for name, item := range deviceItems {
		t.Run(name, func(t *testing.T) {
			s := livefake.New(fakeAPI(name), token)
			s.PageCap = 2
			for i := range 3 {
				k, v := item(i)
				s.Included[k] = livefake.MustJSON(v)
			}
			url, dir := start(t, s), t.TempDir()
			src := config.Source{Name: name + "-live", Platform: name, API: &config.API{URL: url, TokenEnv: "PLATFORM_TOKEN"}}
			w, err := live.NewWriter(dir, src, false)
			if err != nil {
				t.Fatal(err)
			}
			ls, pg := liveSource(t, name, url, live.Options{Save: w.Save})
			readAll(t, ls)
			want := devicePages(t, pg)
			if _, err := w.Commit(time.Now(), "test", pg.Digest()); err != nil {
				t.Fatal(err)
			}
			before := s.Requests()
			_, again := liveSource(t, name, url, live.Options{Snapshot: dir})
			if got := devicePages(t, again); !slices.Equal(got, want) || len(want) == 0 || s.Requests() != before {
				t.Fatalf("snapshot: %d pages (live %d), equal %v, %d requests", len(got), len(want), slices.Equal(got, want), s.Requests()-before)
			}
			page := filepath.Join(dir, name+"-live", live.PageFile(live.DevicesPage, 1))
			body, _ := os.ReadFile(page)
			os.WriteFile(page, []byte(strings.Replace(string(body), "1", "2", 1)), 0o600)
			if _, err := again.Devices(context.Background(), func([]byte) error { return nil }); err == nil || !strings.Contains(err.Error(), "devices-000001.json changed since it was pulled") {
				t.Errorf("a changed device page: %v", err)
			}
			os.WriteFile(page, body, 0o600)
			m, err := live.ReadManifest(filepath.Join(dir, name+"-live"))
			if err != nil {
				t.Fatal(err)
			}
			for i := range m.Pages {
				if m.Pages[i].Kind == live.DevicesPage {
					m.Pages[i].Number += 10
				}
			}
			raw, _ := yaml.Marshal(m)
			os.WriteFile(filepath.Join(dir, name+"-live", live.ManifestName), raw, 0o600)
			if _, err := again.Devices(context.Background(), func([]byte) error { return nil }); err == nil || !strings.Contains(err.Error(), "the device pages' digest is") {
				t.Errorf("a device page renumbered in the manifest: %v", err)
			}
		})
	}
}

// devicePages reads a pager's device pages.
func devicePages(t *testing.T, pg *live.Pager) []string {
	t.Helper()
	var out []string
	read, err := pg.Devices(context.Background(), func(body []byte) error {
		out = append(out, string(body))
		return nil
	})
	if err != nil || !read {
		t.Fatalf("device pages: read %v, %v", read, err)
	}
	return out
}
