// Package gitignore keeps the files that hold license keys and customer
// emails out of Git: init writes the ignore lines beside the config, and
// every command that writes such a file warns when Git would pick it up.
//
// Whether Git ignores a path is Git's own answer, `git check-ignore`: its
// rules (nested .gitignore files, .git/info/exclude, core.excludesFile,
// negations) are not re-implemented here. Without a git binary, or
// outside a work tree, there is nothing to warn about and the check is
// silent.
package gitignore

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// FileName is the file init writes or extends beside the config.
const FileName = ".gitignore"

// header introduces the lines init adds.
const header = "# licentric-sync: these hold license keys and customer emails; keep them out of Git"

// Lines are the patterns init writes: the local store with its lock and
// journal (.licentric/), saved plans (plan -o NAME.plan), the import
// wizard's CSV (wizard-csv -o import.csv, the runbook's name) and pull's
// default snapshot folder.
var Lines = []string{".licentric/", "*.plan", "import.csv", "snapshots/"}

// Ensure writes dir/.gitignore, or adds to an existing one the lines it
// lacks (compared without surrounding spaces), and returns what it added.
func Ensure(dir string) ([]string, error) {
	path := filepath.Join(dir, FileName)
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	have := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(string(old)))
	for sc.Scan() {
		have[strings.TrimSpace(sc.Text())] = true
	}
	var add []string
	for _, l := range Lines {
		if !have[l] {
			add = append(add, l)
		}
	}
	if len(add) == 0 {
		return nil, nil
	}
	var b strings.Builder
	b.Write(old)
	if len(old) > 0 && !strings.HasSuffix(string(old), "\n") {
		b.WriteByte('\n')
	}
	if !have[header] {
		b.WriteString(header + "\n")
	}
	b.WriteString(strings.Join(add, "\n") + "\n")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return add, nil
}

// checkTimeout bounds one git call: a hung git must not hold up an apply.
const checkTimeout = 10 * time.Second

// Exposed reports whether Git would offer path for a commit: it lies in a
// work tree and no ignore rule covers it (a tracked file counts as
// exposed: it is committed with every change). No git binary, no work
// tree or any failure of git reads as not exposed.
func Exposed(path string) bool {
	git, err := exec.LookPath("git")
	if err != nil {
		return false
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, git, "-C", filepath.Dir(abs), "check-ignore", "-q", "--", filepath.Base(abs))
	var ee *exec.ExitError
	// exit 0: ignored; 1: not ignored; 128: not a work tree, or an error
	return errors.As(cmd.Run(), &ee) && ee.ExitCode() == 1
}

// Warn tells the user, on w, that path (shown as display) holds what it
// holds and Git would pick it up. It says nothing when Git would not.
func Warn(w io.Writer, path, display, what string) {
	if !Exposed(path) {
		return
	}
	fmt.Fprintf(w, "WARNING: %s (%s, with license keys and emails) is in a Git work tree and not ignored: add it to %s (init writes one), or write it outside the repository\n",
		display, what, FileName)
}
