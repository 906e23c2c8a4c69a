package engine

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
)

// TestWizardCSVWarnsOfFormulaCells: cells a spreadsheet would run are
// counted by column in a warning and written unaltered (keys above all);
// a negative number or a plain file gives no warning.
func TestWizardCSVWarnsOfFormulaCells(t *testing.T) {
	pol := map[string]license.Policy{"pro": {ID: "pro", Name: "Pro", MaxMachines: 2}}
	create := func(key, name string) plan.Change {
		l := &license.License{Key: license.Key(key), Name: name, Status: license.Active, Policy: "pro", UserEmail: "a@example.com"}
		return plan.Change{Kind: plan.KindLicense, Action: plan.Create, ID: key, License: l}
	}
	p := &plan.Plan{Changes: []plan.Change{create("=1+2", `=HYPERLINK("http://x","y")`), create("-K-2", "Office"),
		create("K-3", "@SUM(A1)"), create("K-4", "\tTab"), create("K-5", "-5")}}
	var out, warn bytes.Buffer
	n, err := WizardCSV(&out, p, pol, &warn)
	if err != nil || n != 5 {
		t.Fatalf("WizardCSV: %d, %v", n, err)
	}
	want := "WARNING: 5 cells start with =, +, -, @, a tab or a carriage return (columns license.key, license.name)"
	if !strings.HasPrefix(warn.String(), want) {
		t.Fatalf("warning:\n%s\nwant it to start with:\n%s", warn.String(), want)
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[1][0] != "=1+2" || rows[2][0] != "-K-2" || rows[1][4] != `=HYPERLINK("http://x","y")` {
		t.Fatalf("cells were altered: %q", rows)
	}
	warn.Reset()
	p.Changes = []plan.Change{create("K-1", "Office"), create("K-5", "-5")}
	if _, err := WizardCSV(&out, p, pol, &warn); err != nil || warn.Len() != 0 {
		t.Fatalf("a plain file warns: %q, %v", warn.String(), err)
	}
}
