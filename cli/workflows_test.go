package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/licentric/licentric-sync/cli"
)

// TestWorkflowCommandsExist parses every licentric-sync command the CI
// examples and the README run, so they cannot drift from the CLI.
func TestWorkflowCommandsExist(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "examples", "ci", "*.yml"))
	if len(files) < 3 {
		t.Fatalf("found %d workflows", len(files))
	}
	seen := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var wf struct {
			Jobs map[string]struct {
				Steps []struct {
					Run string `yaml:"run"`
				} `yaml:"steps"`
			} `yaml:"jobs"`
		}
		if err := yaml.Unmarshal(data, &wf); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, job := range wf.Jobs {
			for _, step := range job.Steps {
				for _, args := range commands(step.Run) {
					seen++
					if err := cli.CheckArgs(args); err != nil {
						t.Errorf("%s runs `licentric-sync %s`: %v", filepath.Base(f), strings.Join(args, " "), err)
					}
				}
			}
		}
	}
	if cli.CheckArgs([]string{"plan", "--no-such-flag"}) == nil || cli.CheckArgs([]string{"deploy"}) == nil {
		t.Fatal("CheckArgs accepts an unknown flag or command; this test would prove nothing")
	}
	// plan, apply and drift run through the action (scripts/action, tested
	// there against the sandbox); the examples still run verify themselves.
	if seen < 2 {
		t.Fatalf("only %d licentric-sync commands found in the workflows", seen)
	}
}

// commands extracts the arguments of each licentric-sync invocation in a
// shell snippet, up to the first shell operator.
func commands(script string) [][]string {
	var out [][]string
	for _, line := range strings.Split(script, "\n") {
		fields := strings.Fields(line)
		for i, f := range fields {
			if f != "licentric-sync" {
				continue
			}
			var args []string
			for _, a := range fields[i+1:] {
				if strings.ContainsAny(a[:1], "|>&;") {
					break
				}
				args = append(args, a)
			}
			out = append(out, args)
		}
	}
	return out
}
