package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/licentric/licentric-sync/license"
)

// ListCmd prints what the target holds.
type ListCmd struct {
	What          string `arg:"" enum:"products,policies,licenses" help:"products, policies or licenses."`
	Format        string `enum:"table,json" default:"table" help:"table or json (Licentric API field names)."`
	ShowSensitive bool   `name:"show-sensitive" help:"Show license keys, emails and names."`
}

// Run lists.
func (c *ListCmd) Run(e *env) error {
	_, t, err := e.readTarget()
	if err != nil {
		return err
	}
	defer t.Close()
	snap, err := t.Snapshot(e.ctx)
	if err != nil {
		return err
	}
	e.warnSensitive(c.ShowSensitive)
	r := license.Redactor{Show: c.ShowSensitive}
	var rows []any
	switch c.What {
	case "products":
		for _, p := range snap.Products {
			rows = append(rows, p)
		}
	case "policies":
		for _, p := range snap.Policies {
			rows = append(rows, policyJSON(p))
		}
	default:
		license.SortLicenses(snap.Licenses)
		for i := range snap.Licenses {
			rows = append(rows, licenseJSON(&snap.Licenses[i], r))
		}
	}
	if c.Format == "json" {
		if rows == nil {
			rows = []any{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	return table(e.stdout, c.What, rows)
}

// apiLicense is a license with Licentric API field names, plus product
// (code) and policy (config id), as DESIGN.md section 5 specifies.
type apiLicense struct {
	Key                 string         `json:"key"`
	Name                *string        `json:"name"`
	Status              license.Status `json:"status"`
	Product             string         `json:"product"`
	Policy              string         `json:"policy"`
	UserEmail           *string        `json:"userEmail"`
	UserName            *string        `json:"userName"`
	ExpiresAt           *string        `json:"expiresAt"`
	CreatedAt           *string        `json:"createdAt"`
	MaxMachinesOverride *int           `json:"maxMachinesOverride"`
	Metadata            map[string]any `json:"metadata"`
}

func licenseJSON(l *license.License, r license.Redactor) apiLicense {
	a := apiLicense{Key: r.Key(l.Key), Name: opt(l.Name), Status: l.Status, Product: l.Product, Policy: l.Policy,
		UserEmail: opt(r.Email(l.UserEmail)), UserName: opt(r.Name(l.UserName)), ExpiresAt: opt(license.FormatTime(l.ExpiresAt)),
		CreatedAt: opt(license.FormatTime(l.CreatedAt)), MaxMachinesOverride: l.MaxMachinesOverride, Metadata: map[string]any{}}
	if l.Metadata != "" {
		_ = json.Unmarshal([]byte(l.Metadata), &a.Metadata)
	}
	if l.Origin.Source != "" {
		a.Metadata[license.MarkerKey] = license.Marker{Source: l.Origin.Source, Platform: l.Origin.Platform, SourceID: l.Origin.SourceID}
	}
	return a
}

type apiPolicy struct {
	ID           string            `json:"id"`
	Product      string            `json:"product"`
	Name         string            `json:"name"`
	MaxMachines  *int              `json:"maxMachines"`
	DurationDays *int              `json:"durationDays"`
	Fields       map[string]string `json:"fields,omitempty"`
	Managed      bool              `json:"managed"`
}

func policyJSON(p license.PolicyState) apiPolicy {
	a := apiPolicy{ID: p.ID, Product: p.Product, Name: p.Name, DurationDays: p.DurationDays, Fields: p.Fields, Managed: p.Managed}
	if p.MaxMachines != license.Unlimited {
		m := p.MaxMachines
		a.MaxMachines = &m
	}
	return a
}

func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func table(w io.Writer, what string, rows []any) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	switch what {
	case "products":
		fmt.Fprintln(tw, "CODE\tNAME\tKEY PREFIX")
		for _, r := range rows {
			p := r.(license.Product)
			fmt.Fprintf(tw, "%s\t%s\t%s\n", p.Code, p.Name, p.KeyPrefix)
		}
	case "policies":
		fmt.Fprintln(tw, "ID\tPRODUCT\tNAME\tMAX MACHINES\tMANAGED")
		for _, r := range rows {
			p := r.(apiPolicy)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%v\n", p.ID, p.Product, p.Name, intOr(p.MaxMachines, "unlimited"), p.Managed)
		}
	default:
		fmt.Fprintln(tw, "KEY\tSTATUS\tPRODUCT\tPOLICY\tEMAIL\tEXPIRES")
		for _, r := range rows {
			l := r.(apiLicense)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", l.Key, l.Status, l.Product, l.Policy, strOr(l.UserEmail, "-"), strOr(l.ExpiresAt, "never"))
		}
	}
	return tw.Flush()
}

func intOr(p *int, d string) string {
	if p == nil {
		return d
	}
	return fmt.Sprint(*p)
}

func strOr(p *string, d string) string {
	if p == nil {
		return d
	}
	return *p
}
