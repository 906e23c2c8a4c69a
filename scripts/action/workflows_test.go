package action_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// workflow is the part of a workflow file the policy below reads.
type workflow struct {
	Concurrency struct {
		Group string `yaml:"group"`
	} `yaml:"concurrency"`
	Jobs map[string]struct {
		Environment string            `yaml:"environment"`
		Env         map[string]string `yaml:"env"`
		Steps       []struct {
			Uses string            `yaml:"uses"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// placeholder is what the examples pin this action to until a user puts the
// commit of the release they chose (examples/ci/README.md): no release
// exists to pin to, and a made-up commit would look real.
const placeholder = "licentric/licentric-sync@RELEASE_COMMIT_SHA"

// pinned is a third-party action pinned by commit, the release named in a
// comment on the same line.
var pinned = regexp.MustCompile(`uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+\n`)

// TestEveryActionIsPinnedByCommit reads every workflow (this repository's
// and the examples) and the action itself: each `uses:` is a commit with
// its release in a comment, or the examples' placeholder for this action.
func TestEveryActionIsPinnedByCommit(t *testing.T) {
	files := append(glob(t, "../../.github/workflows/*.yml"), glob(t, "../../examples/ci/*.yml")...)
	files = append(files, "../../action.yml")
	seen := 0
	for _, f := range files {
		text := read(t, f)
		for _, line := range regexp.MustCompile(`(?m)^\s*(?:- )?uses: .*$`).FindAllString(text, -1) {
			seen++
			line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "- "))
			if line == "uses: "+placeholder && strings.Contains(f, "examples") {
				continue
			}
			if !pinned.MatchString(line + "\n") {
				t.Errorf("%s: %q is not pinned by commit with its release in a comment", f, line)
			}
		}
	}
	if seen < 10 {
		t.Fatalf("only %d uses: lines found in %v", seen, files)
	}
}

// TestExamplesUseTheAction: each example runs the action in its mode, at a
// pinned version; all share one concurrency group; the pull request's plan
// gets only the read key, and the jobs that write run in the protected
// environment.
func TestExamplesUseTheAction(t *testing.T) {
	modes := map[string]bool{}
	for _, f := range glob(t, "../../examples/ci/*.yml") {
		var wf workflow
		if err := yaml.Unmarshal([]byte(read(t, f)), &wf); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if wf.Concurrency.Group != "licentric-sync" {
			t.Errorf("%s: concurrency group %q, want licentric-sync (one group for plan, apply and drift)", f, wf.Concurrency.Group)
		}
		for name, job := range wf.Jobs {
			for _, s := range job.Steps {
				if s.Uses != placeholder {
					continue
				}
				mode := s.With["mode"]
				modes[mode] = true
				if s.With["version"] == "" {
					t.Errorf("%s: job %s runs the action without a version", f, name)
				}
				key := job.Env["LICENTRIC_API_KEY"]
				switch {
				case mode == "plan" && (key != "${{ secrets.LICENTRIC_READ_API_KEY }}" || job.Environment != ""):
					t.Errorf("%s: the pull request's plan gets %q in environment %q; want the read key, no environment", f, key, job.Environment)
				case mode != "plan" && job.Environment != "licentric-production":
					t.Errorf("%s: job %s (%s) writes outside the protected environment", f, name, mode)
				}
			}
		}
	}
	if want := []string{"apply", "drift", "plan"}; !slices.Equal(sortedKeys(modes), want) {
		t.Fatalf("the examples run the modes %v, want %v", sortedKeys(modes), want)
	}
}

// TestActionRunsItsScripts: every script action.yml runs exists and is
// executable, and every input it reads is declared.
func TestActionRunsItsScripts(t *testing.T) {
	text := read(t, "../../action.yml")
	var meta struct {
		Inputs map[string]any `yaml:"inputs"`
	}
	if err := yaml.Unmarshal([]byte(text), &meta); err != nil {
		t.Fatal(err)
	}
	scripts := regexp.MustCompile(`scripts/action/([\w-]+\.sh)`).FindAllStringSubmatch(text, -1)
	if len(scripts) < 6 {
		t.Fatalf("action.yml runs %d scripts, want the 6 steps", len(scripts))
	}
	for _, m := range scripts {
		st, err := os.Stat(m[1])
		if err != nil || st.Mode()&0o111 == 0 {
			t.Errorf("action.yml runs %s: missing or not executable (%v)", m[0], err)
		}
	}
	for _, m := range regexp.MustCompile(`inputs\.([\w-]+)`).FindAllStringSubmatch(text, -1) {
		if _, ok := meta.Inputs[m[1]]; !ok {
			t.Errorf("action.yml reads inputs.%s, which it does not declare", m[1])
		}
	}
}

// TestCheckMode: an unknown mode stops the action before it installs.
func TestCheckMode(t *testing.T) {
	j := newJob(t, threeLicenses)
	for mode, want := range map[string]int{"plan": 0, "apply": 0, "drift": 0, "deploy": 1, "": 1} {
		if log, code, _ := j.step("check-mode.sh", map[string]string{"LS_MODE": mode}); code != want {
			t.Errorf("mode %q: exit %d, want %d:\n%s", mode, code, want, log)
		}
	}
}

func glob(t *testing.T, pattern string) []string {
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("%s: no files (%v)", pattern, err)
	}
	return files
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
