package cli_test

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/providers/targettest"
	"github.com/licentric/licentric-sync/sandbox"
)

const processConfig = `version: 1
products: [{code: app, name: App}]
policies: [{id: pro, product: app, name: Pro, max_machines: 1}]
sources:
  - name: legacy
    platform: csv
    path: exports/licenses.csv
    columns: { policy: plan }
    rules: [{policy: pro}]
`

// holdEnv makes the CLI (this test binary re-executed) stop at its
// first apply progress line, holding the lock half-way through the
// apply, until its stdin is closed (see holdWriter). The process tests
// act on that event instead of racing a large apply against the clock.
const holdEnv = "LICENTRIC_SYNC_TEST_HOLD"

// Sizes of the process tests: the local store writes licenses in
// transactions of 5,000, the HTTP target imports 500 at a time, so each
// apply has several batches and the hold comes before its end.
const (
	localLicenses = 12000
	httpLicenses  = 3000
)

// processDir writes a config and an export of n licenses.
func processDir(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "exports"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "licentric.yaml"), []byte(processConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := GenerateCSV(filepath.Join(dir, "exports", "licenses.csv"), n, 7); err != nil {
		t.Fatal(err)
	}
	return dir
}

// cliCommand runs this test binary as the CLI in dir.
func cliCommand(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), asCLI+"=1", "NO_COLOR=1", "CI=true")
	return cmd
}

// heldApply is an apply stopped at its first progress line: it holds
// the store's lock and has written part of the licenses.
type heldApply struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stderr *bufio.Reader
}

// startHeld starts an apply and returns once it has printed its first
// progress line and stopped there.
func startHeld(t *testing.T, dir string) *heldApply {
	t.Helper()
	cmd := cliCommand(dir, "apply", "--auto-approve")
	cmd.Env = append(cmd.Env, holdEnv+"=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	h := &heldApply{cmd: cmd, stdin: stdin, stderr: bufio.NewReader(stderr)}
	h.waitFor(t, "apply: ")
	return h
}

// waitFor reads stderr up to a line starting with prefix.
func (h *heldApply) waitFor(t *testing.T, prefix string) {
	t.Helper()
	for {
		line, err := h.stderr.ReadString('\n')
		if strings.HasPrefix(line, prefix) {
			return
		}
		if err != nil {
			t.Fatalf("apply ended before printing %q: %v", prefix, h.cmd.Wait())
		}
	}
}

// release lets the apply go on and returns the rest of its stderr.
func (h *heldApply) release(t *testing.T) string {
	t.Helper()
	if err := h.stdin.Close(); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(h.stderr)
	return string(rest)
}

// kill ends the held apply with SIGKILL, as a power cut would.
func (h *heldApply) kill(t *testing.T) {
	t.Helper()
	if err := h.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, h.stderr)
	_ = h.cmd.Wait()
	if ws, ok := h.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatal("apply finished before it could be killed; the test proves nothing")
	}
}

func countLicenses(t *testing.T, dir string) int {
	t.Helper()
	s, err := local.Open(filepath.Join(dir, ".licentric", "state.db"), "state.db")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return countUnique(t, s)
}

// countUnique counts a store's licenses, failing on any key held twice.
func countUnique(t *testing.T, s *local.Store) int {
	t.Helper()
	snap := targettest.Read(t, s)
	seen := map[string]bool{}
	for _, l := range snap.Licenses {
		if seen[string(l.Key)] {
			t.Fatalf("duplicate license %s in the store", l.Key.Ref())
		}
		seen[string(l.Key)] = true
	}
	return len(snap.Licenses)
}

// TestKilledApplyConverges kills an apply with SIGKILL half-way (held
// after its first batch), runs it again, and checks every license exists
// exactly once and the next plan is empty.
func TestKilledApplyConverges(t *testing.T) {
	t.Parallel()
	n := localLicenses
	dir := processDir(t, n)
	startHeld(t, dir).kill(t)
	partial := countLicenses(t, dir)
	if partial >= n {
		t.Fatalf("all %d licenses were written before the kill", partial)
	}
	reapplyConverges(t, dir, n, func() int { return countLicenses(t, dir) })
}

// reapplyConverges runs apply again and checks count finds n licenses and
// the next plan is empty.
func reapplyConverges(t *testing.T, dir string, n int, count func() int, env ...string) {
	t.Helper()
	run := func(args ...string) *exec.Cmd {
		cmd := cliCommand(dir, args...)
		cmd.Env = append(cmd.Env, env...)
		return cmd
	}
	if out, err := run("apply", "--auto-approve").CombinedOutput(); err != nil {
		t.Fatalf("apply after the kill: %v\n%s", err, out)
	}
	if got := count(); got != n {
		t.Fatalf("%d licenses after re-apply, want %d", got, n)
	}
	out, err := run("plan", "--detailed-exitcode").CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("No changes.")) {
		t.Fatalf("plan after re-apply: %v\n%s", err, out)
	}
}

// TestConcurrentApplyIsRefused runs two real applies on one store: the
// second fails at once, names the holder, and writes nothing. The first
// is held half-way until the second has ended, so a second apply that
// waited for the lock instead would never end (the test's -timeout
// names it).
func TestConcurrentApplyIsRefused(t *testing.T) {
	t.Parallel()
	n := localLicenses
	dir := processDir(t, n)
	first := startHeld(t, dir)
	out, err := cliCommand(dir, "apply", "--auto-approve").CombinedOutput()
	if err == nil || !bytes.Contains(out, []byte("is busy: licentric-sync apply (pid")) {
		t.Fatalf("second apply: %v\n%s", err, out)
	}
	rest := first.release(t)
	if err := first.cmd.Wait(); err != nil {
		t.Fatalf("first apply: %v\n%s", err, rest)
	}
	if got := countLicenses(t, dir); got != n {
		t.Fatalf("%d licenses, want %d", got, n)
	}
}

// answerGate passes requests to the sandbox, except the at-th request
// whose method is method and whose path ends with suffix: that one is
// stored, then its answer is held until release is closed, and reached is
// closed meanwhile. The process tests kill the CLI while it waits for the
// answer to a write that took effect: an event the server sees, not a
// moment on a clock.
type answerGate struct {
	next             http.Handler
	method, suffix   string
	at               int32
	seen             atomic.Int32
	reached, release chan struct{}
}

// newAnswerGate gates the at-th method request to a path ending in suffix
// on its way to next.
func newAnswerGate(next http.Handler, method, suffix string, at int32) *answerGate {
	return &answerGate{next: next, method: method, suffix: suffix, at: at, reached: make(chan struct{}), release: make(chan struct{})}
}

func (g *answerGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == g.method && strings.HasSuffix(r.URL.Path, g.suffix) && g.seen.Add(1) == g.at {
		g.next.ServeHTTP(httptest.NewRecorder(), r)
		close(g.reached)
		<-g.release
		return
	}
	g.next.ServeHTTP(w, r)
}

// serve starts the gate on a loopback port; the answer held, if any, is
// released before the server closes (which waits for it).
func (g *answerGate) serve(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(g.release) })
	return srv
}

// killAtGate starts cmd and kills it with SIGKILL once the gate holds
// its answer; it fails when cmd ends first or outlives the signal.
func killAtGate(t *testing.T, cmd *exec.Cmd, g *answerGate) {
	t.Helper()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case <-g.reached:
	case err := <-exited:
		t.Fatalf("%s ended before its request number %d to %s: %v\n%s", cmd.Args[1:], g.at, g.suffix, err, out.String())
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-exited
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatal("apply finished before it could be killed; the test proves nothing")
	}
}

// TestKilledHTTPApplyConverges kills the CLI with SIGKILL in the middle of
// an apply through the sandbox over HTTP, while it waits for the answer to
// its second import, which the sandbox stored; runs it again, and checks
// every license exists exactly once and the next plan is empty.
func TestKilledHTTPApplyConverges(t *testing.T) {
	t.Parallel()
	n := httpLicenses
	dir := processDir(t, n)
	store, err := local.Open(filepath.Join(dir, "sandbox.db"), "sandbox.db")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	gate := newAnswerGate(sandbox.New(store, sandbox.Options{}).Handler(), http.MethodPost, "/migrations/import", 2)
	srv := gate.serve(t)
	cfg := strings.Replace(processConfig, "version: 1\n", "version: 1\ntarget:\n  licentric:\n    url: "+srv.URL+"/api/v1\n", 1)
	if err := os.WriteFile(filepath.Join(dir, "licentric.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := cliCommand(dir, "apply", "--auto-approve")
	cmd.Env = append(cmd.Env, "LICENTRIC_API_KEY=lk_test_kill")
	killAtGate(t, cmd, gate)
	reapplyConverges(t, dir, n, func() int { return countUnique(t, store) }, "LICENTRIC_API_KEY=lk_test_kill")
}

// TestInterruptedApplyExits130 sends SIGINT (Ctrl-C) to a real apply held
// half-way, lets it go on once it said it heard the signal: it exits 130
// saying how far it got and how to resume, and running it again converges.
func TestInterruptedApplyExits130(t *testing.T) {
	t.Parallel()
	n := localLicenses
	dir := processDir(t, n)
	h := startHeld(t, dir)
	if err := h.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	h.waitFor(t, "Interrupt received")
	rest := h.release(t)
	_ = h.cmd.Wait()
	if code := h.cmd.ProcessState.ExitCode(); code != 130 {
		t.Fatalf("exit code %d after Ctrl-C, want 130; stderr:\n%s", code, rest)
	}
	if !strings.Contains(rest, "interrupted after ") || !strings.Contains(rest, "Run apply again to resume") {
		t.Fatalf("the message does not say how far it got and how to resume:\n%s", rest)
	}
	if out, err := cliCommand(dir, "apply", "--auto-approve").CombinedOutput(); err != nil {
		t.Fatalf("apply after Ctrl-C: %v\n%s", err, out)
	}
	if got := countLicenses(t, dir); got != n {
		t.Fatalf("%d licenses after resuming, want %d", got, n)
	}
}
