package cli_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/plan"
)

// evilName holds an OSC title change, a screen clear, a C1 CSI and a bidi
// override: what a license name or a forged plan file could carry.
const evilName = "Evil\x1b]0;pwned\x07\x1b[2J\u009b31m\u202e"

const terminalConfig = `version: 1
products: [{code: app, name: "App\e[5m"}]
policies: [{id: pro, product: app, name: "Pro\e]0;x\a", max_machines: 1}]
sources:
  - name: legacy
    platform: csv
    path: licenses.csv
    rules: [{policy: pro}]
`

// TestNoRawControlCharacters: names from exports and config, plan-file
// fields and error texts reach the terminal escaped in every
// human-readable output, and JSON holds none of them raw.
func TestNoRawControlCharacters(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cfg := filepath.Join(dir, "licentric.yaml")
	write("licentric.yaml", terminalConfig)
	write("licenses.csv", "key,status,name\nKEY-0001,active,Office\n")
	var all bytes.Buffer
	run := func(args ...string) {
		var out, errs bytes.Buffer
		code := mainAtTestDate(append([]string{"-c", cfg}, args...), &out, &errs)
		fmt.Fprintf(&all, "$ %q (exit %d)\n%s%s", args, code, out.String(), errs.String())
	}
	run("apply", "--auto-approve")
	write("licenses.csv", "key,status,name,\""+evilName+"\"\nKEY-0001,active,\""+evilName+"\",x\n")
	for _, args := range [][]string{{"plan"}, {"plan", "--format", "markdown"}, {"plan", "--format", "json"},
		{"plan", "--explain", "KEY-0001"}, {"plan", "--explain", "KEY-0001", "--format", "json"},
		{"mapping"}, {"list", "products"}, {"list", "policies"}, {"list", "licenses", "--format", "json", "--show-sensitive"}} {
		run(args...)
	}
	forged := &plan.Plan{FormatVersion: plan.FormatVersion, Target: "local store " + evilName, Diagnostics: []plan.Diagnostic{
		{Severity: plan.Warning, Where: "x.csv:2\x1b[1A", Message: evilName}}}
	var pf bytes.Buffer
	if err := plan.Write(&pf, forged, ""); err != nil {
		t.Fatal(err)
	}
	write("forged.plan", pf.String())
	run("show", filepath.Join(dir, "forged.plan"))
	run("show", filepath.Join(dir, "missing"+evilName+".plan"))
	text := all.String()
	for _, r := range text {
		if r != '\n' && (r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r == 0x202e) {
			t.Fatalf("raw control %U in the output:\n%q", r, text)
		}
	}
	for _, want := range []string{`name: Office → Evil\x1b]0;pwned\x07`, `Error: `, `local store Evil\x1b]`, `\u009b31m`, `unused columns: Evil\x1b]`} {
		if !strings.Contains(text, want) {
			t.Errorf("expected %q in the output:\n%s", want, text)
		}
	}
}
