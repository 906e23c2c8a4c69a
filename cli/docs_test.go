package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/cli"
	"github.com/licentric/licentric-sync/providers/registry"
)

// docFiles are the documents a user reads.
func docFiles(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "docs", "*.md"))
	return append(files, filepath.Join("..", "README.md"))
}

var (
	fence      = regexp.MustCompile("(?s)```(\\w*)\\n(.*?)```")
	inlineCode = regexp.MustCompile("`(licentric-sync [^`]+)`")
)

// TestDocsNameRealCommands parses every licentric-sync command the docs
// show (in code blocks and inline code), so a renamed command or flag
// fails here instead of in a reader's terminal.
func TestDocsNameRealCommands(t *testing.T) {
	checked := 0
	for _, f := range docFiles(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var snippets []string
		for _, m := range fence.FindAllStringSubmatch(string(data), -1) {
			if m[1] == "" || m[1] == "sh" || m[1] == "bash" || m[1] == "shell" {
				snippets = append(snippets, m[2])
			}
		}
		for _, m := range inlineCode.FindAllStringSubmatch(string(data), -1) {
			snippets = append(snippets, m[1])
		}
		for _, s := range snippets {
			for _, args := range commands(s) {
				args = concrete(args)
				if args == nil {
					continue
				}
				checked++
				if err := cli.CheckArgs(args); err != nil {
					t.Errorf("%s shows `licentric-sync %s`: %v", filepath.Base(f), strings.Join(args, " "), err)
				}
			}
		}
	}
	if checked < 10 {
		t.Fatalf("only %d commands found in the docs; the extraction is broken", checked)
	}
}

// concrete turns a documented command into one that parses: placeholders
// (FILE, KEY, <x>, …) become sample values; a synopsis with alternatives
// (a|b, [optional]) is skipped, since it is not a command line.
func concrete(args []string) []string {
	out := make([]string, 0, len(args))
	for _, a := range args {
		a = strings.Trim(a, `"'`)
		switch {
		case strings.ContainsAny(a, "[]|") || strings.HasPrefix(a, "#"):
			return out
		case strings.Contains(a, "…"):
			a = "sample"
		case a == strings.ToUpper(a) && strings.Trim(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_") == "":
			a = "sample"
		case strings.HasPrefix(a, "<") || strings.Contains(a, "$"):
			a = "sample"
		}
		out = append(out, a)
	}
	return out
}

// TestDocsConfigsAreValid loads every complete config (a YAML block with
// `version: 1`) in the docs, so a documented key that does not exist, or
// a wrong value, fails here.
func TestDocsConfigsAreValid(t *testing.T) {
	checked := 0
	for _, f := range docFiles(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range fence.FindAllStringSubmatch(string(data), -1) {
			if m[1] != "yaml" || !strings.Contains(m[2], "version: 1") {
				continue
			}
			checked++
			if _, err := registry.Default().Config().Parse("doc.yaml", []byte(m[2])); err != nil {
				t.Errorf("%s shows a config that does not load:\n%v\n---\n%s", filepath.Base(f), err, m[2])
			}
		}
	}
	if checked == 0 {
		t.Fatal("no config found in the docs")
	}
}
