package view

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/licentric/licentric-sync/engine"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/mapping"
)

// explainedField is one field of `plan --explain --format json`.
type explainedField struct {
	Field string `json:"field"`
	Value string `json:"value"`
	From  string `json:"from"`
}

// explain prints where every field of one desired license came from, as
// text or (format json) as a JSON object, redacted unless shown.
func explain(w io.Writer, format string, out engine.Explained) error {
	ex := out.Explanation
	r := license.Redactor{Show: out.Show}
	fields := make([]explainedField, len(ex.Fields))
	for i, p := range ex.Fields {
		fields[i] = explainedField{Field: p.Field, Value: shown(p, r), From: p.From}
	}
	if format == "json" {
		b, err := json.MarshalIndent(map[string]any{"license": r.Key(ex.Key), "origin": ex.Origin, "fields": fields}, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(license.EscapeJSONControls(b), '\n'))
		return err
	}
	p := license.Printable
	fmt.Fprintf(w, "License %s from source %s (%s), %s\n\n", p(r.Key(ex.Key)), p(ex.Origin.Source), p(ex.Origin.Platform), p(ex.Origin.At()))
	for _, f := range fields {
		v := f.Value
		if v == "" {
			v = "(none)"
		}
		fmt.Fprintf(w, "  %-20s %s\n  %-20s ← %s\n", f.Field, p(v), "", p(f.From))
	}
	return nil
}

// shown is a provenance value as its sensitivity allows.
func shown(p mapping.Provenance, r license.Redactor) string {
	switch {
	case p.Sensitive == "secret":
		return r.Key(license.Key(p.Value))
	case p.Sensitive == "pii" && p.Field == "userName":
		return r.Name(p.Value)
	case p.Sensitive == "pii":
		return r.Email(p.Value)
	case p.Field == "metadata":
		return r.Metadata(p.Value)
	}
	return p.Value
}
