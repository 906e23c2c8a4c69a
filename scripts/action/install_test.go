package action_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// runner names this machine as GitHub's RUNNER_OS and RUNNER_ARCH do.
func runner(t *testing.T) (osName, arch string) {
	osName = map[string]string{"linux": "Linux", "darwin": "macOS"}[runtime.GOOS]
	arch = map[string]string{"amd64": "X64", "arm64": "ARM64"}[runtime.GOARCH]
	if osName == "" || arch == "" {
		t.Skipf("no release archive is built for %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	return osName, arch
}

// release publishes tag on the fake GitHub as .goreleaser.yaml names it:
// the archive holding the test binary, and checksums.txt listing sum (the
// archive's real sha256 when sum is "").
func release(t *testing.T, gh *fakeGitHub, tag, sum string) string {
	archived.Do(func() { archived.bytes, archived.err = archiveBinary() })
	if archived.err != nil {
		t.Fatal(archived.err)
	}
	archive := fmt.Sprintf("licentric-sync_%s_%s_%s.tar.gz", strings.TrimPrefix(tag, "v"), runtime.GOOS, runtime.GOARCH)
	if sum == "" {
		sum = fmt.Sprintf("%x", sha256.Sum256(archived.bytes))
	}
	gh.mu.Lock()
	defer gh.mu.Unlock()
	gh.assets[tag+"/"+archive] = archived.bytes
	gh.assets[tag+"/checksums.txt"] = []byte(fmt.Sprintf("%064x  other_file.zip\n%s  %s\n", 1, sum, archive))
	return archive
}

// archived is the release archive of the test binary, the same for every
// tag (only its name differs): compressing 30 MB is made once, not per
// release.
var archived struct {
	sync.Once
	bytes []byte
	err   error
}

// archiveBinary packs the test binary and a README as a release does.
func archiveBinary() ([]byte, error) {
	bin, err := os.ReadFile(filepath.Join(binDir, "licentric-sync"))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	gz, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	tw := tar.NewWriter(gz)
	for name, data := range map[string][]byte{"README.md": []byte("readme\n"), "licentric-sync": bin} {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o755, Size: int64(len(data))}); err != nil {
			return nil, err
		}
		if _, err := tw.Write(data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// TestInstall: the release archive is downloaded, checked against
// checksums.txt and its binary put on the PATH; a mismatch, a binary of
// another version or an unpinned version stop the job, and a release
// without an archive falls back to go install of the same version.
func TestInstall(t *testing.T) {
	t.Parallel() // each job has its own sandbox, fake GitHub and folders
	osName, arch := runner(t)
	j := newJob(t, threeLicenses)
	j.env["RUNNER_OS"], j.env["RUNNER_ARCH"] = osName, arch
	release(t, j.gh, stamped, "")
	ghPath := filepath.Join(t.TempDir(), "github_path")
	log, code, out := j.step("install.sh", map[string]string{"LS_VERSION": stamped, "GITHUB_PATH": ghPath})
	if code != 0 || !strings.Contains(log, "against checksums.txt") {
		t.Fatalf("install.sh exited %d:\n%s", code, log)
	}
	dir := filepath.Join(j.env["RUNNER_TEMP"], "licentric-sync-"+stamped)
	if out["path"] != filepath.Join(dir, "licentric-sync") || strings.TrimSpace(read(t, ghPath)) != dir {
		t.Fatalf("path output %q, GITHUB_PATH %q; want the binary in %s", out["path"], read(t, ghPath), dir)
	}

	for name, tc := range map[string]struct{ tag, sum, want string }{
		"checksum mismatch":     {"v9.9.0", strings.Repeat("0", 64), "does not match checksums.txt"},
		"binary of another tag": {"v9.9.1", "", `says "licentric-sync ` + stamped + `"`},
		"not pinned":            {"latest", "", "is not a release tag"},
	} {
		if tc.tag != "latest" {
			release(t, j.gh, tc.tag, tc.sum)
		}
		log, code, out := j.step("install.sh", map[string]string{"LS_VERSION": tc.tag})
		if code != 1 || !strings.Contains(log, tc.want) || out["path"] != "" {
			t.Errorf("%s: install.sh exited %d, path %q, want 1 and %q:\n%s", name, code, out["path"], tc.want, log)
		}
		if strings.Contains(log, "go install") {
			t.Errorf("%s: fell back to go install:\n%s", name, log)
		}
	}

	// No archive for this version: go install, offline here, so it fails
	// saying what it tried.
	log, code, _ = j.step("install.sh", map[string]string{"LS_VERSION": "v9.9.2", "GOPROXY": "off"})
	if code != 1 || !strings.Contains(log, "building it with go install") ||
		!strings.Contains(log, "go install github.com/licentric/licentric-sync/cmd/licentric-sync@v9.9.2 failed") {
		t.Fatalf("a release without archives: install.sh exited %d:\n%s", code, log)
	}
}

// TestFindPlan: a merge commit leads to its pull request and to the run
// that planned the pull request's last commit; a commit pushed without a
// pull request has no reviewed plan.
func TestFindPlan(t *testing.T) {
	j := newJob(t, threeLicenses)
	j.gh.setPulls("merge1", `[{"number": 3, "merged_at": null, "head": {"sha": "old"}}, {"number": 7, "merged_at": "2026-12-03T08:00:00Z", "head": {"sha": "head7"}}]`)
	j.gh.setRun("head7", 99)
	env := map[string]string{"GITHUB_SHA": "merge1", "LS_PLAN_WORKFLOW": "plan.yml"}
	log, code, out := j.step("find-plan.sh", env)
	if code != 0 || out["pr-number"] != "7" || out["run-id"] != "99" {
		t.Fatalf("find-plan.sh exited %d, outputs %v:\n%s", code, out, log)
	}
	env["GITHUB_SHA"] = "direct"
	if log, code, _ := j.step("find-plan.sh", env); code != 1 || !strings.Contains(log, "was not merged from a pull request") {
		t.Fatalf("a direct push: exited %d:\n%s", code, log)
	}
	j.gh.setPulls("merge2", `[{"number": 8, "merged_at": "2026-12-03T08:00:00Z", "head": {"sha": "unplanned"}}]`)
	env["GITHUB_SHA"] = "merge2"
	if log, code, _ := j.step("find-plan.sh", env); code != 1 || !strings.Contains(log, "planned pull request #8") {
		t.Fatalf("a pull request never planned: exited %d:\n%s", code, log)
	}
	env["GITHUB_TOKEN"] = "wrong"
	if log, code, _ := j.step("find-plan.sh", env); code == 0 || !strings.Contains(log, "HTTP 401") || strings.Contains(log, "wrong") {
		t.Fatalf("a bad token: exited %d (the token must not be printed):\n%s", code, log)
	}
}

// TestCapFile: a body over the cap is cut at a line end, an open code
// fence is closed, and the note says how much was kept.
func TestCapFile(t *testing.T) {
	j := newJob(t, threeLicenses)
	f := filepath.Join(t.TempDir(), "plan.md")
	var b strings.Builder
	b.WriteString("| a | b |\n```\n")
	for i := 0; b.Len() < 5000; i++ {
		fmt.Fprintf(&b, "+ create license key:%08x\n", i)
	}
	write(t, f, b.String())
	script := filepath.Join(t.TempDir(), "cap.sh")
	write(t, script, ". "+scriptPath(t, "lib.sh")+"\ncap_file \"$1\" 1000\n")
	if log, code, _ := j.step(script, nil, f); code != 0 {
		t.Fatalf("cap_file exited %d:\n%s", code, log)
	}
	got := read(t, f)
	body, note, ok := strings.Cut(got, "```\n\n*Cut at ")
	if !ok || len(body) > 1000 || !strings.HasSuffix(body, "\n") || !strings.HasPrefix(b.String(), body) {
		t.Fatalf("cut body (%d bytes) is not a prefix of whole lines ending in a closed fence:\n%s", len(body), got)
	}
	if !strings.Contains(note, fmt.Sprintf("of %d bytes", b.Len())) {
		t.Fatalf("the note does not state the size: %q", note)
	}
	small := filepath.Join(t.TempDir(), "small.md")
	write(t, small, "short\n")
	j.step(script, nil, small)
	if read(t, small) != "short\n" {
		t.Fatal("a body under the cap was changed")
	}
}
