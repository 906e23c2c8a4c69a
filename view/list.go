package view

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/licentric/licentric-sync/engine"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/licentricapi"
)

// list prints what the target holds of one kind; licenses are streamed
// in key order, so a million of them are printed without being held.
func list(w io.Writer, format string, l engine.Listed) error {
	r := license.Redactor{Show: l.Show}
	out := newRowWriter(w, format, l.What)
	switch l.What {
	case "products":
		for _, p := range l.Current.Products {
			out.row(p)
		}
	case "policies":
		for _, p := range l.Current.Policies {
			out.row(policyJSON(p))
		}
	default:
		if err := l.Current.Licenses(func(l *license.License) error {
			a, err := licenseJSON(l, r)
			if err != nil {
				return err
			}
			out.row(a)
			return out.err
		}); err != nil {
			return err
		}
	}
	return out.close()
}

// rowWriter prints rows as they come: a JSON array one element at a time,
// or an aligned table.
type rowWriter struct {
	w    *bufio.Writer
	json bool
	what string
	tw   *tabwriter.Writer
	n    int
	err  error
}

func newRowWriter(w io.Writer, format, what string) *rowWriter {
	rw := &rowWriter{w: bufio.NewWriterSize(w, 1<<20), json: format == "json", what: what}
	if !rw.json {
		rw.tw = tabwriter.NewWriter(rw.w, 2, 4, 2, ' ', 0)
	}
	return rw
}

func (rw *rowWriter) row(v any) {
	if rw.err != nil {
		return
	}
	if rw.json {
		compact, err := json.Marshal(v)
		if err != nil {
			rw.err = err
			return
		}
		var out bytes.Buffer
		indentShallow(&out, compact, "  ", "  ")
		b := out.Bytes()
		if rw.n == 0 {
			rw.w.WriteString("[\n  ")
		} else {
			rw.w.WriteString(",\n  ")
		}
		_, rw.err = rw.w.Write(license.EscapeJSONControls(b))
	} else {
		rw.err = tableRow(rw.tw, rw.what, v, rw.n == 0)
		if rw.n%10000 == 9999 && rw.err == nil {
			rw.err = rw.tw.Flush() // align in blocks: a million rows are not held
		}
	}
	rw.n++
}

func (rw *rowWriter) close() error {
	if rw.err != nil {
		return rw.err
	}
	if rw.json {
		if rw.n == 0 {
			rw.w.WriteString("[]\n")
		} else {
			rw.w.WriteString("\n]\n")
		}
	} else {
		if rw.n == 0 {
			_ = tableRow(rw.tw, rw.what, nil, true)
		}
		if err := rw.tw.Flush(); err != nil {
			return err
		}
	}
	return rw.w.Flush()
}

// apiLicense is a license as the Licentric API shows it, plus product
// (code) and policy (config id) in place of Licentric's ids, which a
// local store does not share with the account.
type apiLicense struct {
	licentricapi.License
	Product string `json:"product"`
	Policy  string `json:"policy"`
}

func licenseJSON(l *license.License, r license.Redactor) (apiLicense, error) {
	shown := *l
	shown.Metadata = r.Metadata(l.Metadata) // before the marker is added: it is ours, and its ids need no check
	a, err := licentricapi.FromLicense(&shown, "", "")
	if err != nil {
		return apiLicense{}, err
	}
	a.Key, a.UserEmail, a.UserName = r.Key(l.Key), licentricapi.Opt(r.Email(l.UserEmail)), licentricapi.Opt(r.Name(l.UserName))
	if l.Entitlements != nil {
		a.Entitlements = &l.Entitlements
	}
	return apiLicense{License: a, Product: l.Product, Policy: l.Policy}, nil
}

type apiPolicy struct {
	ID           string            `json:"id"`
	Product      string            `json:"product"`
	Name         string            `json:"name"`
	MaxMachines  *int              `json:"maxMachines"`
	DurationDays *int              `json:"durationDays"`
	Fields       map[string]string `json:"fields,omitempty"`
	Entitlements []string          `json:"entitlements,omitempty"`
	Managed      bool              `json:"managed"`
}

func policyJSON(p license.PolicyState) apiPolicy {
	a := apiPolicy{ID: p.ID, Product: p.Product, Name: p.Name, DurationDays: p.DurationDays, Fields: p.Fields,
		Entitlements: p.Entitlements, Managed: p.Managed}
	if p.MaxMachines != license.Unlimited {
		m := p.MaxMachines
		a.MaxMachines = &m
	}
	return a
}

// tableRow writes one table row (and the header before the first); a
// nil row writes only the header.
func tableRow(tw io.Writer, what string, row any, first bool) error {
	var err error
	switch what {
	case "products":
		if first {
			_, err = fmt.Fprintln(tw, "CODE\tNAME\tKEY PREFIX")
		}
		if p, ok := row.(license.Product); ok {
			_, err = fmt.Fprintf(tw, "%s\t%s\t%s\n", cells(p.Code, p.Name, p.KeyPrefix)...)
		}
	case "policies":
		if first {
			_, err = fmt.Fprintln(tw, "ID\tPRODUCT\tNAME\tMAX MACHINES\tMANAGED")
		}
		if p, ok := row.(apiPolicy); ok {
			_, err = fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%v\n", cells(p.ID, p.Product, p.Name, intOr(p.MaxMachines, "unlimited"), fmt.Sprint(p.Managed))...)
		}
	default:
		if first {
			_, err = fmt.Fprintln(tw, "KEY\tSTATUS\tPRODUCT\tPOLICY\tEMAIL\tEXPIRES")
		}
		if l, ok := row.(apiLicense); ok {
			_, err = fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", cells(l.Key, string(l.Status), l.Product, l.Policy, strOr(l.UserEmail, "-"), strOr(l.ExpiresAt, "never"))...)
		}
	}
	return err
}

// cells escapes table cells for a terminal (a tab or an escape sequence
// in a name would break the columns or drive the terminal).
func cells(s ...string) []any {
	out := make([]any, len(s))
	for i, c := range s {
		out[i] = license.Printable(c)
	}
	return out
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
