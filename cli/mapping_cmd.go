package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/mapping"
	"github.com/licentric/licentric-sync/providers"
)

// MappingCmd shows how each source is read and mapped, so a user can
// review the auto-mapping and write rules before planning.
type MappingCmd struct {
	ConfigFlag
	SnapshotFlag
	Source        string `name:"source" placeholder:"NAME" predictor:"source" help:"Only this source."`
	Format        string `placeholder:"FORMAT" enum:"text,json" default:"text" help:"text or json."`
	ShowSensitive bool   `name:"show-sensitive" help:"Show values that look like keys or emails (a shifted column) instead of references."`
}

// Run reviews the mapping.
func (c *MappingCmd) Run(e *env) error {
	eng, err := e.engine()
	if err != nil {
		return err
	}
	sources, err := eng.Sources()
	if c.Source != "" && err == nil {
		var s providers.Source
		s, err = eng.Source(c.Source)
		sources = []providers.Source{s}
	}
	if err != nil {
		return err
	}
	var reviews []*mapping.Review
	for _, s := range sources {
		rv, err := mapping.ReviewSource(e.ctx, eng.Config, s, e.now, mapping.ShowSensitive(c.ShowSensitive))
		if err != nil {
			return err
		}
		reviews = append(reviews, rv)
	}
	e.warnSensitive(c.ShowSensitive)
	if !c.ShowSensitive {
		for _, rv := range reviews {
			hideSensitiveValues(rv)
		}
	}
	if c.Format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(reviews)
	}
	for i, rv := range reviews {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		writeReview(e.stdout, rv)
	}
	return nil
}

// hideSensitiveValues replaces distinct values that look like keys or
// emails (a shifted column puts them under status or policy) with
// references, so the review can be pasted into a ticket.
func hideSensitiveValues(rv *mapping.Review) {
	for _, vals := range rv.Values {
		for i := range vals {
			if license.LooksSensitive(vals[i].Value) {
				vals[i].Value = license.Ref("value", vals[i].Value)
			}
		}
	}
}

func writeReview(w io.Writer, rv *mapping.Review) {
	r := rv.Report
	fmt.Fprintf(w, "Source %s (%s): %s\n", rv.Source, rv.Platform, license.Printable(strings.Join(r.Files, ", ")))
	format := r.Format
	if r.Delimiter != "" {
		format += ", " + r.Delimiter + "-separated"
	}
	if r.Encoding != "" {
		format += ", decoded from " + r.Encoding
	}
	fmt.Fprintf(w, "  read as %s, %d rows", format, r.Rows)
	if rv.Problems > 0 {
		fmt.Fprintf(w, ", %d rows with problems (run validate to see them)", rv.Problems)
	}
	fmt.Fprintln(w)
	if len(r.Columns) > 0 {
		fmt.Fprintln(w, "  fields:")
		for _, u := range r.Columns {
			how := "auto"
			if u.Override {
				how = "columns:"
			}
			fmt.Fprintf(w, "    %-13s ← %q (%s)\n", u.Field, u.Column, how)
		}
	}
	if len(r.Unused) > 0 {
		fmt.Fprintf(w, "  unused columns: %s\n", license.Printable(strings.Join(r.Unused, ", ")))
	}
	for _, f := range []string{"product", "policy", "variant", "status"} {
		vals := rv.Values[f]
		if len(vals) == 0 {
			continue
		}
		fmt.Fprintf(w, "  %s values:\n", f)
		for _, v := range vals {
			fmt.Fprintf(w, "    %-30q %7d → %s\n", v.Value, v.Count, license.Printable(strings.Join(v.MapsTo, ", ")))
		}
	}
}
