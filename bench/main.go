// Command bench measures licentric-sync at scale, as a user runs it: it
// builds the CLI, generates an N-license Keygen export (dotted CSV, the
// same licenses as CSV field for field with -format csvfull, or one
// JSON:API dump with -format jsonapi), then times
// `plan` against an empty store, `apply`, and a no-op `plan` against the
// filled store, each as a separate process, reporting wall time and the
// peak resident memory the kernel accounted to it. With -view it counts
// the requests a sync costs against the sandbox instead (bench/view.go).
//
//	go run ./bench -n 1000000
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

const config = `version: 1
products:
  - code: cli
    name: CLI Tool
policies:
  - id: cli-monthly
    product: cli
    name: CLI Monthly
    max_machines: 1
sources:
  - name: keygen
    platform: keygen
    path: exports/licenses.csv
    rules:
      - match: { policy: "CLI Monthly" }
        policy: cli-monthly
`

func main() {
	n := flag.Int("n", 100000, "number of licenses")
	format := flag.String("format", "csv", "export format: csv (Keygen dotted CSV: key, status, policy, email, dates, metadata), "+
		"csvfull (the same licenses as jsonapi, field for field, as dotted CSV) or jsonapi (one Keygen JSON:API dump with included owners)")
	liveFrom := flag.String("live", "", "read from a local fake of this platform's API instead (keygen, cryptlex or lemonsqueezy): plan live, pull, then plan from the pulled files")
	viewSteps := flag.Bool("view", false, "count the requests of a sync against the sandbox with the account kept as a view (first apply, no-op plan, 20 changes, refresh, a 6 % shrink)")
	keep := flag.Bool("keep", false, "keep the work directory")
	flag.Parse()
	dir, err := os.MkdirTemp("", "licentric-bench-")
	check(err)
	if !*keep {
		defer os.RemoveAll(dir)
	}
	bin := filepath.Join(dir, "licentric-sync")
	build := exec.Command("go", "build", "-o", bin, "./cmd/licentric-sync")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	check(build.Run())
	check(os.MkdirAll(filepath.Join(dir, "exports"), 0o755))
	if *viewSteps {
		benchView(dir, bin, *n)
		return
	}
	if *liveFrom != "" {
		benchLive(dir, bin, *liveFrom, *n)
		return
	}
	start := time.Now()
	if *format == "jsonapi" {
		check(os.WriteFile(filepath.Join(dir, "licentric.yaml"), []byte(strings.Replace(config, "exports/licenses.csv", "exports/licenses.json", 1)), 0o644))
		check(generateJSONAPI(filepath.Join(dir, "exports", "licenses.json"), *n))
	} else {
		check(os.WriteFile(filepath.Join(dir, "licentric.yaml"), []byte(config), 0o644))
		check(generate(filepath.Join(dir, "exports", "licenses.csv"), *n, *format == "csvfull"))
	}
	fmt.Printf("generated %d licenses in %s\n", *n, time.Since(start).Round(time.Millisecond))
	fmt.Printf("%-28s %10s %12s\n", "phase", "wall", "peak RSS")
	for _, phase := range []struct {
		name string
		args []string
		want int
	}{
		{"plan (empty store)", []string{"plan", "--detailed-exitcode"}, 2},
		{"apply", []string{"apply", "--auto-approve"}, 0},
		{"plan (no-op, full store)", []string{"plan", "--detailed-exitcode"}, 0},
	} {
		wall, rss, code := run(dir, bin, phase.args)
		if code != phase.want {
			fmt.Fprintf(os.Stderr, "%s exited %d, want %d\n", phase.name, code, phase.want)
			os.Exit(1)
		}
		fmt.Printf("%-28s %9.2fs %9.0f MB\n", phase.name, wall.Seconds(), rss)
	}
}

func run(dir, bin string, args []string) (time.Duration, float64, int) {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "CI=true")
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		check(err)
	}
	usage := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return wall, float64(usage.Maxrss) / 1024, code
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
