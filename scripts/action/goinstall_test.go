package action_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// module is this repository's module path: what `go install
// <module>/cmd/licentric-sync@vX.Y.Z` resolves once a tag is pushed.
const module = "github.com/licentric/licentric-sync"

// proxyOf lays out a Go module proxy on disk (GOPROXY=file://…) serving
// this checkout as module version tag, as proxy.golang.org would serve the
// tag: list, .info, .mod and the module zip of every file git tracks.
func proxyOf(t *testing.T, tag string) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("git", "-C", root, "ls-files", "-z").Output()
	if err != nil {
		t.Skipf("git ls-files: %v (the proxy is built from the files git tracks)", err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join(root, name))
		if errors.Is(err, os.ErrNotExist) {
			continue // deleted in the work tree, not yet in a commit
		}
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(module + "@" + tag + "/" + name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	at := filepath.Join(dir, filepath.FromSlash(module), "@v")
	write(t, filepath.Join(at, "list"), tag+"\n")
	write(t, filepath.Join(at, tag+".info"), `{"Version":"`+tag+`","Time":"2026-12-03T08:00:00Z"}`)
	write(t, filepath.Join(at, tag+".mod"), read(t, filepath.Join(root, "go.mod")))
	write(t, filepath.Join(at, tag+".zip"), buf.String())
	return "file://" + filepath.ToSlash(dir)
}

// TestGoInstallFallback: a release without an archive for the runner is
// installed with `go install <module>/cmd/licentric-sync@TAG` (here from a
// proxy on disk holding this checkout as TAG; the dependencies come from
// the module cache), and the binary it builds reports TAG from its build
// info, which is what install.sh checks and what plans record.
func TestGoInstallFallback(t *testing.T) {
	t.Parallel() // each job has its own sandbox, fake GitHub and folders
	if testing.Short() {
		t.Skip("compiles the whole tool once more")
	}
	osName, arch := runner(t)
	const tag = "v0.0.1-test"
	j := newJob(t, threeLicenses)
	j.env["RUNNER_OS"], j.env["RUNNER_ARCH"] = osName, arch
	log, code, out := j.step("install.sh", map[string]string{
		"LS_VERSION": tag, "GOPROXY": proxyOf(t, tag), "GOSUMDB": "off", "GOFLAGS": "", "GOTOOLCHAIN": "local",
	})
	if code != 0 || !strings.Contains(log, "building it with go install") || !strings.Contains(log, "Installed licentric-sync "+tag) {
		t.Fatalf("install.sh exited %d:\n%s", code, log)
	}
	if out["path"] == "" {
		t.Fatalf("no path output: %v", out)
	}
}
