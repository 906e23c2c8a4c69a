package engine

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/licentricapi"
	"github.com/licentric/licentric-sync/plan"
)

// WizardColumns are the column names Licentric's import wizard maps on
// its own (the migration guide's table), plus the license's name and the
// holder's name.
var WizardColumns = []string{"license.key", "policy.name", "customer.email", "customer.name", "license.name",
	"license.status", "license.expiresAt", "policy.maxMachines", "license.metadata"}

// WizardCSV writes the plan's license creates as the import wizard's CSV:
// keys in clear (the file's purpose), the ownership marker inside
// license.metadata so later plans and verify know the licenses as ours,
// and a license's own machine limit where it overrides its policy's.
// Cells a spreadsheet would run as formulas are written as they are (a
// key is never altered) and counted in a warning to warn.
func WizardCSV(w io.Writer, p *plan.Plan, policies map[string]license.Policy, warn io.Writer) (int, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(WizardColumns); err != nil {
		return 0, err
	}
	n := 0
	var formulas formulaCells
	for i := range p.Changes {
		c := &p.Changes[i]
		if c.Kind != plan.KindLicense || c.Action != plan.Create || c.License == nil {
			continue
		}
		row, err := wizardRow(c.License, policies[c.License.Policy])
		if err != nil {
			return n, err
		}
		formulas.check(row)
		if err := cw.Write(row); err != nil {
			return n, err
		}
		n++
	}
	cw.Flush()
	if msg := formulas.warning(); msg != "" && warn != nil {
		fmt.Fprintln(warn, msg)
	}
	return n, cw.Error()
}

// formulaCells counts the cells a spreadsheet would take for a formula
// (CSV injection): those starting with = + - @, a tab or a carriage
// return, numbers aside. Licentric's wizard reads them as text; a person
// opening the file in a spreadsheet first would run them.
type formulaCells struct {
	n       int
	columns map[int]bool
}

func (f *formulaCells) check(row []string) {
	for i, cell := range row {
		if cell == "" || !strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			continue
		}
		if _, err := strconv.ParseFloat(cell, 64); err == nil {
			continue // -5 is a number, not a formula
		}
		f.n++
		if f.columns == nil {
			f.columns = map[int]bool{}
		}
		f.columns[i] = true
	}
}

// warning names how many cells and which columns, or is "" for none.
func (f *formulaCells) warning() string {
	if f.n == 0 {
		return ""
	}
	var cols []string
	for i, name := range WizardColumns {
		if f.columns[i] {
			cols = append(cols, name)
		}
	}
	cells := fmt.Sprintf("%d cells start", f.n)
	if f.n == 1 {
		cells = "1 cell starts"
	}
	return fmt.Sprintf("WARNING: %s with =, +, -, @, a tab or a carriage return (columns %s): a spreadsheet "+
		"opening this CSV may run them as formulas. They are written as they are (a key is never altered): "+
		"upload the file to the import wizard without opening it in a spreadsheet.", cells, strings.Join(cols, ", "))
}

func wizardRow(l *license.License, pol license.Policy) ([]string, error) {
	md, err := licentricapi.Metadata(l)
	if err != nil {
		return nil, err
	}
	machines := ""
	switch {
	case l.MaxMachinesOverride != nil:
		machines = strconv.Itoa(*l.MaxMachinesOverride)
	case pol.MaxMachines != license.Unlimited:
		machines = strconv.Itoa(pol.MaxMachines)
	}
	return []string{l.Key.Reveal(), pol.Name, l.UserEmail, l.UserName, l.Name, string(l.Status),
		license.FormatTime(l.ExpiresAt), machines, string(md)}, nil
}
