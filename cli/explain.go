package cli

import (
	"fmt"
	"io"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/mapping"
)

// explain prints where every field of one desired license came from.
func (e *env) explain(w io.Writer, ref string, show bool) error {
	eng, err := e.engine()
	if err != nil {
		return err
	}
	sources, err := eng.Sources()
	if err != nil {
		return err
	}
	ex, err := mapping.Explain(e.ctx, eng.Config, sources, ref, e.now)
	if err != nil {
		return err
	}
	r := license.Redactor{Show: show}
	fmt.Fprintf(w, "License %s from source %s (%s), %s:%d\n\n", r.Key(ex.Key), ex.Origin.Source, ex.Origin.Platform, ex.Origin.File, ex.Origin.Line)
	for _, p := range ex.Fields {
		v := p.Value
		switch {
		case p.Sensitive == "secret":
			v = r.Key(license.Key(v))
		case p.Sensitive == "pii" && p.Field == "userName":
			v = r.Name(v)
		case p.Sensitive == "pii":
			v = r.Email(v)
		}
		if v == "" {
			v = "(none)"
		}
		fmt.Fprintf(w, "  %-20s %s\n  %-20s ← %s\n", p.Field, v, "", p.From)
	}
	return nil
}
