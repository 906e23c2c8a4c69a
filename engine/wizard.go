package engine

import (
	"encoding/csv"
	"io"
	"strconv"

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
func WizardCSV(w io.Writer, p *plan.Plan, policies map[string]license.Policy) (int, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(WizardColumns); err != nil {
		return 0, err
	}
	n := 0
	for i := range p.Changes {
		c := &p.Changes[i]
		if c.Kind != plan.KindLicense || c.Action != plan.Create || c.License == nil {
			continue
		}
		row, err := wizardRow(c.License, policies[c.License.Policy])
		if err != nil {
			return n, err
		}
		if err := cw.Write(row); err != nil {
			return n, err
		}
		n++
	}
	cw.Flush()
	return n, cw.Error()
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
