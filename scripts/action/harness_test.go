// Package action_test runs the GitHub Action's shell steps (action.yml calls
// scripts/action/*.sh) as a runner would: a licentric-sync binary built
// once, the sandbox serving the Licentric API on loopback, a fake GitHub
// API on loopback, and the GITHUB_* / RUNNER_* environment a job has.
package action_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	// The binary under test is built from cli by go build; importing it
	// makes go test's cache see a change there too.
	_ "github.com/licentric/licentric-sync/cli"
	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/sandbox"
)

// stamped is the version the test binary is built with, as a release is.
const stamped = "v9.8.7"

// binDir holds the licentric-sync binary, built once for every test.
var binDir string

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	if _, err := exec.LookPath("bash"); err != nil {
		fmt.Println("skipping: the action's steps need bash")
		return 0
	}
	dir, err := os.MkdirTemp("", "licentric-sync-action-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	build := exec.Command("go", "build", "-o", filepath.Join(dir, "licentric-sync"),
		"-ldflags", "-X github.com/licentric/licentric-sync/cli.Version="+stamped,
		"github.com/licentric/licentric-sync/cmd/licentric-sync")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		return 1
	}
	binDir = dir
	return m.Run()
}

// job is one job's environment: a checkout (dir) holding the config, a
// runner temp directory, and the GitHub variables, pointed at the fakes.
type job struct {
	t   *testing.T
	dir string
	env map[string]string
	gh  *fakeGitHub
}

// newJob starts the sandbox and the fake GitHub, writes the config and the
// export, and returns a pull request job for pull request 7.
func newJob(t *testing.T, export string) *job {
	t.Helper()
	store, err := local.Open(filepath.Join(t.TempDir(), "sandbox.db"), "sandbox.db")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sandbox.New(store, sandbox.Options{}).Handler())
	t.Cleanup(func() { srv.Close(); store.Close() })
	gh := newFakeGitHub(t)
	dir := t.TempDir()
	cfg := "version: 1\ntarget:\n  licentric:\n    url: " + srv.URL + "/api/v1\n" +
		"products: [{code: app, name: App}]\n" +
		"policies: [{id: pro, product: app, name: Pro, max_machines: 1}]\n" +
		"sources:\n  - name: legacy\n    platform: csv\n    path: exports/licenses.csv\n    rules: [{policy: pro}]\n"
	write(t, filepath.Join(dir, "licentric.yaml"), cfg)
	write(t, filepath.Join(dir, "event.json"), `{"pull_request": {"number": 7}}`)
	j := &job{t: t, dir: dir, gh: gh, env: map[string]string{
		"LS_BIN":            filepath.Join(binDir, "licentric-sync"),
		"LICENTRIC_API_KEY": "lk_test_action",
		"RUNNER_TEMP":       t.TempDir(),
		"GITHUB_EVENT_PATH": filepath.Join(dir, "event.json"),
		"GITHUB_REPOSITORY": "acme/migration",
		"GITHUB_API_URL":    gh.srv.URL,
		"GITHUB_SERVER_URL": gh.srv.URL,
		"GITHUB_RUN_ID":     "42",
		"GITHUB_TOKEN":      "ghs_test",
		"NO_COLOR":          "1",
	}}
	j.export(export)
	return j
}

// export replaces the source's export file.
func (j *job) export(csv string) {
	write(j.t, filepath.Join(j.dir, "exports", "licenses.csv"), csv)
}

// step runs one of the action's scripts in the checkout and returns its
// output (stdout and stderr), exit code and step outputs.
func (j *job) step(script string, env map[string]string, args ...string) (string, int, map[string]string) {
	j.t.Helper()
	outFile := filepath.Join(j.t.TempDir(), "github_output")
	cmd := exec.Command("bash", append([]string{scriptPath(j.t, script)}, args...)...)
	cmd.Dir = j.dir
	cmd.Env = cleanEnv()
	for k, v := range j.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Env = append(cmd.Env, "GITHUB_OUTPUT="+outFile, "GITHUB_STEP_SUMMARY="+filepath.Join(j.dir, "summary.md"))
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	code := 0
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			j.t.Fatalf("%s: %v", script, err)
		}
		code = ee.ExitCode()
	}
	return buf.String(), code, readOutputs(j.t, outFile)
}

// scriptPath is a script of this directory, absolute. Reading it (and
// lib.sh) here makes go test's cache see an edited script.
func scriptPath(t *testing.T, name string) string {
	p, err := filepath.Abs(name)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{p, "lib.sh"} {
		if _, err := os.ReadFile(f); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// cleanEnv is this process's environment without what a real CI job
// would set, so a test run inside GitHub Actions cannot reach GitHub.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "GITHUB_") || strings.HasPrefix(k, "RUNNER_") || strings.HasPrefix(k, "LS_") || strings.HasPrefix(k, "LICENTRIC_") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// readOutputs parses a $GITHUB_OUTPUT file (NAME=VALUE lines).
func readOutputs(t *testing.T, path string) map[string]string {
	out := map[string]string{}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return out
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if !ok {
			t.Fatalf("%s: line %q is not NAME=VALUE", path, sc.Text())
		}
		out[k] = v
	}
	return out
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
