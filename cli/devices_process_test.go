package cli_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/sandbox"
)

// carryConfig carries a Keygen dump's machines into the sandbox.
const carryConfig = `version: 1
target:
  licentric:
    url: %s/api/v1
products: [{code: studio, name: Studio}]
policies: [{id: team, product: studio, name: Team, max_machines: 5}]
sources:
  - name: kg
    platform: keygen
    devices: carry
    path: exports/*.json
    rules: [{policy: team}]
`

// writeKeygenDump writes a Keygen dump of n licenses with m machines each:
// /licenses, /machines, /policies and /products pages.
func writeKeygenDump(t *testing.T, dir string, n, m int) {
	t.Helper()
	var lics, machines []string
	for i := range n {
		id := fmt.Sprintf("11111111-0000-4000-8000-%012d", i)
		lics = append(lics, fmt.Sprintf(`{"id":%q,"type":"licenses","attributes":{"key":"KG-CARRY-%d","status":"ACTIVE","maxMachines":5},`+
			`"relationships":{"policy":{"data":{"type":"policies","id":"33333333-0000-4000-8000-000000000001"}},"owner":{"data":null}}}`, id, i))
		for j := range m {
			machines = append(machines, fmt.Sprintf(`{"id":"m-%d-%d","type":"machines","attributes":{"fingerprint":"fingerprint-%d-%d","platform":"Linux"},`+
				`"relationships":{"license":{"data":{"type":"licenses","id":%q}}}}`, i, j, i, j, id))
		}
	}
	files := map[string]string{
		"licenses-1.json": `{"data":[` + strings.Join(lics, ",\n") + `],"links":{"next":null}}`,
		"machines-1.json": `{"data":[` + strings.Join(machines, ",\n") + `],"links":{"next":null}}`,
		"policies-1.json": `{"data":[{"id":"33333333-0000-4000-8000-000000000001","type":"policies","attributes":{"name":"Team","maxMachines":5}}],"links":{"next":null}}`,
		"products-1.json": `{"data":[{"id":"44444444-0000-4000-8000-000000000001","type":"products","attributes":{"name":"Studio"}}],"links":{"next":null}}`,
	}
	if err := os.MkdirAll(filepath.Join(dir, "exports"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, "exports", name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestKilledCarryResumes kills a real apply with SIGKILL while it carries
// machines into the sandbox (paced by the sandbox's activation limit,
// its window shortened to a second), runs it again, and checks every
// machine is active exactly once on its license.
func TestKilledCarryResumes(t *testing.T) {
	const n, m = 12, 5
	dir := t.TempDir()
	writeKeygenDump(t, dir, n, m)
	store, err := local.Open(filepath.Join(dir, "sandbox.db"), "sandbox.db")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	srv := httptest.NewServer(sandbox.New(store, sandbox.Options{RateLimit: 120, Window: time.Second}).Handler())
	defer srv.Close()
	if err := os.WriteFile(filepath.Join(dir, "licentric.yaml"), []byte(fmt.Sprintf(carryConfig, srv.URL)), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LICENTRIC_API_KEY", "lk_test_kill")
	cmd, stderr := startApplyWatched(t, dir)
	waitFor(t, stderr, regexp.MustCompile(`^devices: 12 of 60 done`))
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatal("apply finished before it could be killed; the test proves nothing")
	}
	before := countMachines(t, store, n)
	if before < 12 || before >= n*m {
		t.Fatalf("%d machines active after the kill; want the carry cut midway", before)
	}
	out, err := cliCommand(dir, "apply", "--auto-approve").CombinedOutput()
	if err != nil {
		t.Fatalf("apply after kill: %v\n%s", err, out)
	}
	tail := regexp.MustCompile(`devices: (\d+) activated, (\d+) active already`).FindSubmatch(out)
	if tail == nil {
		t.Fatalf("the second apply does not say what it carried:\n%s", out)
	}
	activated, _ := strconv.Atoi(string(tail[1]))
	already, _ := strconv.Atoi(string(tail[2]))
	if activated+already != n*m || already < before {
		t.Fatalf("second apply: %d activated and %d active already, after %d before it", activated, already, before)
	}
	if got := countMachines(t, store, n); got != n*m {
		t.Fatalf("%d machines after the re-run, want %d", got, n*m)
	}
}

// waitFor reads r until a line matches, then drains the rest.
func waitFor(t *testing.T, r io.Reader, re *regexp.Regexp) {
	t.Helper()
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadString('\n')
		if re.MatchString(line) {
			go io.Copy(io.Discard, br)
			return
		}
		if err != nil {
			t.Fatalf("the process ended before printing %s", re)
		}
	}
}

// countMachines counts the machines on the n carried licenses, failing on
// a fingerprint held twice.
func countMachines(t *testing.T, s *local.Store, n int) int {
	t.Helper()
	total := 0
	for i := range n {
		key := license.Key(fmt.Sprintf("KG-CARRY-%d", i))
		rec, err := s.LicenseByKey(context.Background(), key)
		if err != nil {
			continue // not applied yet
		}
		ms, err := s.ListMachines(context.Background(), rec.ID, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, m := range ms {
			if seen[m.Fingerprint] {
				t.Fatalf("%s holds a fingerprint twice", key.Ref())
			}
			seen[m.Fingerprint] = true
		}
		total += len(ms)
	}
	return total
}

// startApplyWatched starts an apply and returns once it has printed its
// first progress line, with the rest of its stderr to read on.
func startApplyWatched(t *testing.T, dir string) (*exec.Cmd, io.Reader) {
	t.Helper()
	cmd := cliCommand(dir, "apply", "--auto-approve")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(stderr)
	for {
		line, err := br.ReadString('\n')
		if strings.HasPrefix(line, "apply: ") || strings.HasPrefix(line, "devices: ") {
			return cmd, br
		}
		if err != nil {
			t.Fatalf("apply ended without reporting progress: %v", cmd.Wait())
		}
	}
}
