package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/licentric/licentric-sync/providers/live/livefake"
	"github.com/licentric/licentric-sync/providers/registry"
)

const liveConfig = `version: 1
products:
  - code: app
    name: App
policies:
  - id: std
    product: app
    name: Standard
    max_machines: 5
sources:
  - name: live
    platform: %s
    %s
    rules:
      - policy: std
`

// benchLive reads n licenses from a fake of the platform's API on
// loopback (pages of 100, no artificial latency): a pull (the fake's
// first read, which also fills its page cache so later reads measure the
// client rather than the fake's encoding), a plan from the API, and a
// plan from the pulled pages read as files, each reporting licenses per
// second, peak memory and the requests the fake answered.
func benchLive(dir, bin, platform string, n int) {
	const token = "bench-token"
	api := registry.Default().Fake(platform)
	if api == nil {
		check(fmt.Errorf("-live %s: the platform has no fake API; use one of the platforms with an API", platform))
	}
	fake := livefake.Generate(api, token, n)
	srv, url := fake.Start()
	defer srv.Close()
	check(os.Setenv("BENCH_TOKEN", token))
	write := func(name, source string) {
		check(os.WriteFile(filepath.Join(dir, name), []byte(fmt.Sprintf(liveConfig, platform, source)), 0o644))
	}
	write("licentric.yaml", fmt.Sprintf("api: { url: %q, token_env: BENCH_TOKEN }", url))
	pages := "snaps/live/licenses-*.json"
	if platform == "keygen" {
		pages = "snaps/live/*.json" // its /users, /policies and /products pages too: licenses name them by id
	}
	write("files.yaml", "path: "+pages)
	fmt.Printf("%d licenses from a fake %s API at %s\n", n, platform, url)
	fmt.Printf("%-30s %9s %12s %10s %9s\n", "phase", "wall", "licenses/s", "peak RSS", "requests")
	for _, phase := range []struct {
		name string
		args []string
		want int
	}{
		{"pull (first read)", []string{"pull", "-o", "snaps"}, 0},
		{"plan (live API)", []string{"plan", "--detailed-exitcode"}, 2},
		{"plan (pulled pages as files)", []string{"-c", "files.yaml", "plan", "--detailed-exitcode"}, 2},
	} {
		before := fake.Requests()
		wall, rss, code := run(dir, bin, phase.args)
		if code != phase.want {
			fmt.Fprintf(os.Stderr, "%s exited %d, want %d\n", phase.name, code, phase.want)
			os.Exit(1)
		}
		fmt.Printf("%-30s %8.2fs %12.0f %7.0f MB %9d\n", phase.name, wall.Seconds(), float64(n)/wall.Seconds(), rss, fake.Requests()-before)
	}
}
