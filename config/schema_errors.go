package config

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

var printer = message.NewPrinter(language.English)

// schemaDiagnostics flattens a validation error into one located
// diagnostic per leaf problem, with messages written for people.
func schemaDiagnostics(file string, err error, loc *located) Diagnostics {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return Diagnostics{{File: file, Line: 1, Col: 1, Message: err.Error()}}
	}
	var out Diagnostics
	seen := map[string]bool{}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 && !preferParent(e) {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		for _, d := range leafDiagnostics(file, e, loc) {
			if s := d.String(); !seen[s] {
				seen[s] = true
				out = append(out, d)
			}
		}
	}
	walk(ve)
	return out
}

// preferParent keeps a oneOf failure as one message ("must be a positive
// integer or \"unlimited\"") instead of one per alternative.
func preferParent(e *jsonschema.ValidationError) bool {
	switch e.ErrorKind.(type) {
	case *kind.OneOf, *kind.PropertyNames:
		return true
	}
	return false
}

func leafDiagnostics(file string, e *jsonschema.ValidationError, loc *located) Diagnostics {
	ptr := pointer(e.InstanceLocation)
	name := fieldName(e.InstanceLocation)
	switch k := e.ErrorKind.(type) {
	case *kind.AdditionalProperties:
		var ds Diagnostics
		for _, p := range k.Properties {
			line, col := loc.keyAt(ptr + "/" + escapePointer(p))
			ds = append(ds, Diagnostic{file, line, col, fmt.Sprintf("unknown key %q in %s: check its spelling (docs/config.md lists every key)", p, where(name))})
		}
		return ds
	case *kind.Required:
		line, col := loc.at(ptr)
		return Diagnostics{{file, line, col, fmt.Sprintf("%s is missing required key %s", where(name), quoteAll(k.Missing))}}
	}
	line, col := loc.at(ptr)
	if pn, isKey := e.ErrorKind.(*kind.PropertyNames); isKey {
		// The validator's InstanceLocation for propertyNames errors is not
		// reliable, so find the offending key among field-name maps.
		if p, ok := loc.fieldKey(pn.Property); ok {
			ptr, name = p, fieldName(strings.Split(strings.TrimPrefix(p, "/"), "/"))
		}
		line, col = loc.keyAt(ptr)
		return Diagnostics{{file, line, col, fmt.Sprintf("%s: %s", name, describe(e, loc, ptr))}}
	}
	return Diagnostics{{file, line, col, fmt.Sprintf("%s: %s", name, describe(e, loc, ptr))}}
}

func describe(e *jsonschema.ValidationError, loc *located, ptr string) string {
	switch k := e.ErrorKind.(type) {
	case *kind.Type:
		return fmt.Sprintf("must be %s (got %s)", strings.Join(k.Want, " or "), k.Got)
	case *kind.Enum:
		return fmt.Sprintf("must be one of %s", enumList(k.Want))
	case *kind.Const:
		return fmt.Sprintf("must be %v", k.Want)
	case *kind.OneOf:
		if strings.HasSuffix(ptr, "/max_machines") {
			return maxMachinesProblem(valueAt(loc, ptr))
		}
		if sourcePointer.MatchString(ptr) {
			return "needs exactly one of path: (export files) and api: (the live account's API)"
		}
	case *kind.PropertyNames:
		return fmt.Sprintf("%q is not a canonical field; use one of %s", k.Property, enumList(canonicalFieldsAny()))
	case *kind.Pattern:
		return fmt.Sprintf("%q does not have the required form (%s)", fmt.Sprint(valueAt(loc, ptr)), k.Want)
	}
	return e.ErrorKind.LocalizedString(printer)
}

// UnknownLimit starts the max_machines value init writes when an export
// does not tell a policy's machine limit; the rest says where to find it.
const UnknownLimit = "unknown: "

// maxMachinesProblem explains a max_machines that is not a limit; init's
// placeholder says where the limit is to be found.
func maxMachinesProblem(value string) string {
	if where, ok := strings.CutPrefix(value, UnknownLimit); ok {
		return fmt.Sprintf(`the machine limit is not known yet: %s, then write it here as a positive integer or "unlimited"`, where)
	}
	return `must be a positive integer or "unlimited"`
}

// sourcePointer is the JSON pointer of one entry of sources:.
var sourcePointer = regexp.MustCompile(`^/sources/[0-9]+$`)

func valueAt(loc *located, ptr string) string {
	if n, ok := loc.values[ptr]; ok {
		return n.Value
	}
	return ""
}

func fieldName(loc []string) string {
	if len(loc) == 0 {
		return "the file"
	}
	var b strings.Builder
	for i, p := range loc {
		if isIndex(p) {
			b.WriteString("[" + p + "]")
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

func where(name string) string {
	if name == "the file" {
		return "the top level"
	}
	return name
}

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

func enumList(vs []any) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = fmt.Sprintf("%q", fmt.Sprint(v))
	}
	return strings.Join(q, ", ")
}

func canonicalFieldsAny() []any {
	out := make([]any, len(CanonicalFields))
	for i, f := range CanonicalFields {
		out[i] = f
	}
	return out
}
