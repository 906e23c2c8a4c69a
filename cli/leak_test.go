package cli_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// leakyExports are exports whose every cell is a unique key- or
// email-shaped value, arranged to hit each error path that echoes export
// values: shifted columns (an unquoted comma), a missing header row,
// unknown statuses and unmatched rules.
func leakyExports(secrets *[]string) map[string]string {
	n := 0
	secret := func(kind string) string {
		n++
		var s string
		switch kind {
		case "email":
			s = fmt.Sprintf("victim%02d.leak@example.com", n)
		case "name": // a customer's name: no shape gives it away
			s = fmt.Sprintf("Leakname%02d Customer", n)
		default:
			s = fmt.Sprintf("LEAK%02d-7F3A-19C2-88B0-4E1D", n)
		}
		*secrets = append(*secrets, s)
		return s
	}
	row := func(cells ...string) string { return strings.Join(cells, ",") + "\n" }
	shifted := "key,status,email,expires_at,max_machines,policy\n"
	for i := 0; i < 3; i++ { // one cell too many: every value lands one column right
		shifted += row(secret("key"), secret("key"), secret("email"), secret("email"), secret("key"), secret("email"), "x")
	}
	noHeader := row(secret("key"), "active", secret("email"), secret("name")) + row(secret("key"), "active", secret("email"), secret("name"))
	statuses := "key,status,email,policy\n" + row(secret("key"), secret("email"), secret("email"), secret("key")) +
		// decorated keys: quoted, bracketed, assigned
		row(secret("key"), "'"+secret("key")+"'", secret("email"), "<"+secret("key")+">") +
		row(secret("key"), `"""`+secret("key")+`"""`, secret("email"), "key="+secret("key")+";")
	return map[string]string{"shifted.csv": shifted, "noheader.csv": noHeader, "statuses.csv": statuses}
}

const leakConfig = `version: 1
products: [{code: app, name: App}]
policies: [{id: pro, product: app, name: Pro, max_machines: 1}]
sources:
  - name: legacy
    platform: csv
    path: %s
    rules: [%s]
`

// TestNoExportValueLeaks runs every command's error paths over exports
// made of secrets and greps everything they print.
func TestNoExportValueLeaks(t *testing.T) {
	var secrets []string
	dir := t.TempDir()
	for name, text := range leakyExports(&secrets) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		cfg := filepath.Join(dir, strings.TrimSuffix(name, ".csv")+".yaml")
		rules := `{match: {policy: "Gold"}, policy: pro}` // unmatched rules echo policy values
		if name == "statuses.csv" {
			rules = `{policy: pro}` // every row matches: the status errors show
		}
		if err := os.WriteFile(cfg, []byte(fmt.Sprintf(leakConfig, name, rules)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var all bytes.Buffer
	for _, export := range []string{"shifted", "noheader", "statuses"} {
		cfg := filepath.Join(dir, export+".yaml")
		for _, args := range [][]string{
			{"validate"}, {"plan"}, {"plan", "--format", "markdown"}, {"plan", "--format", "json"},
			{"mapping"}, {"mapping", "--format", "json"}, {"apply", "--auto-approve"}, {"verify"},
			{"plan", "--explain", "key:00000000"},
		} {
			var out, errs bytes.Buffer
			code := mainAtTestDate(append([]string{"-c", cfg}, args...), &out, &errs)
			fmt.Fprintf(&all, "$ %s %v (exit %d)\n%s%s", export, args, code, out.String(), errs.String())
		}
		var out, errs bytes.Buffer
		mainAtTestDate([]string{"-c", filepath.Join(dir, "init-"+export+".yaml"), "init", "--platform", "csv", filepath.Join(dir, export+".csv")}, &out, &errs)
		fmt.Fprintf(&all, "$ init %s\n%s%s", export, out.String(), errs.String())
	}
	text := all.String()
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("output contains the export value %s", s)
		}
	}
	for _, want := range []string{"unknown status value:", "is the header missing?", "hidden"} {
		if !strings.Contains(text, want) {
			t.Errorf("expected the error paths to run and say %q; output:\n%s", want, text)
		}
	}
	if t.Failed() {
		t.Logf("all output:\n%s", text)
	}
}

// TestShowSensitiveRevealsEchoedValues: the user who asks sees the value
// a row error is about.
func TestShowSensitiveRevealsEchoedValues(t *testing.T) {
	dir := t.TempDir()
	csv := "key,status,email\nK-1,victim.shifted@example.com,a@example.com\n"
	if err := os.WriteFile(filepath.Join(dir, "x.csv"), []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(leakConfig, "x.csv", "{policy: pro}")), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errs bytes.Buffer
	mainAtTestDate([]string{"-c", cfg, "validate"}, &out, &errs)
	if strings.Contains(errs.String(), "victim.shifted") {
		t.Fatalf("validate leaks: %s", errs.String())
	}
	errs.Reset()
	mainAtTestDate([]string{"-c", cfg, "validate", "--show-sensitive"}, &out, &errs)
	if !strings.Contains(errs.String(), `unknown status "victim.shifted@example.com"`) {
		t.Fatalf("--show-sensitive does not reveal: %s", errs.String())
	}
}
