package tabular

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"github.com/licentric/licentric-sync/providers"
)

// RawAttr returns an attribute's JSON as written, and whether it exists.
func (r *Resource) RawAttr(name string) (json.RawMessage, bool) {
	return lookup(r.attrs, name)
}

// Attrs looks up several attributes in one pass over the attributes
// object, where asking for each would scan it once per name (a license
// reader asks for eight): vals[i] is the JSON of names[i], nil when
// absent. Render one with Cell, CellIs or CellBlank.
func (r *Resource) Attrs(names []string, vals []json.RawMessage) {
	lookupAll(r.attrs, names, vals)
}

// Attr returns an attribute rendered as a cell, and whether it exists.
func (r *Resource) Attr(name string) (string, bool) {
	v, ok := lookup(r.attrs, name)
	if !ok {
		return "", false
	}
	if r.memo != nil {
		if s, ok := r.memo.Load(name); ok {
			return s.(string), true
		}
		s, _ := r.memo.LoadOrStore(name, rawScalar(v))
		return s.(string), true
	}
	return rawScalar(v), true
}

// Cell renders an attribute's JSON (from Attrs) as Attr does; nil is "".
func (r *Resource) Cell(v json.RawMessage) string {
	if v == nil {
		return ""
	}
	return rawScalar(v)
}

// AttrIs reports whether an attribute's cell equals want ignoring case,
// without making the cell (a status word checked for every license).
func (r *Resource) AttrIs(name, want string) bool {
	v, _ := lookup(r.attrs, name)
	return r.CellIs(v, want)
}

// CellIs is AttrIs for an attribute's JSON from Attrs (nil: absent).
func (r *Resource) CellIs(v json.RawMessage, want string) bool {
	if v == nil {
		return false
	}
	if body, plain := plainBody(v); plain {
		return bytes.EqualFold(body, []byte(want))
	}
	return strings.EqualFold(rawScalar(v), want)
}

// AttrBlank reports whether an attribute is absent or its cell empty
// (null or ""), without making the cell.
func (r *Resource) AttrBlank(name string) bool {
	v, _ := lookup(r.attrs, name)
	return r.CellBlank(v)
}

// CellBlank is AttrBlank for an attribute's JSON from Attrs (nil: absent).
func (r *Resource) CellBlank(v json.RawMessage) bool {
	if v == nil {
		return true
	}
	if body, plain := plainBody(v); plain {
		return len(body) == 0
	}
	return rawScalar(v) == ""
}

// AttrField is a resource attribute a reader takes as it is, into a
// record field.
type AttrField struct {
	Name  string
	Field providers.Field
}

// AttrNames is own, then the names of fields: what a reader passes to
// Attrs to find the attributes it reads itself and the plain ones in one
// pass (PutAttrs then takes the plain ones from vals[len(own):]).
func AttrNames(own []string, fields []AttrField) []string {
	names := slices.Clone(own)
	for _, f := range fields {
		names = append(names, f.Name)
	}
	return names
}

// PutAttrs puts into r each attribute of fields that the resource has;
// vals are their JSON, as Attrs found them, in the order of fields.
func (r *Resource) PutAttrs(fields []AttrField, vals []json.RawMessage, rec *providers.Record) {
	for i, f := range fields {
		if vals[i] != nil {
			rec.Put(f.Field, r.Cell(vals[i]))
		}
	}
}
