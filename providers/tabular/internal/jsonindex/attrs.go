package jsonindex

import (
	"encoding/json"
	"strconv"
)

// Attrs looks up several attributes in one pass over the attributes
// object, where asking for each would scan it once per name (a license
// reader asks for a dozen): vals[i] is the JSON of names[i] (the last
// member of that name, as a decode keeps), nil when absent. Render one
// with Text.
func (r *Resource) Attrs(names []string, vals []json.RawMessage) {
	lookupAll(r.attrs, names, vals)
}

// Attr returns an attribute rendered as a cell (see Text), and whether
// it exists.
func (r *Resource) Attr(name string) (string, bool) {
	v, ok := lookup(r.attrs, name)
	if !ok {
		return "", false
	}
	return r.Text(name, v), true
}

// Text renders raw, the value of the attribute name, as a cell
// (RawScalar). A resource many licenses share (a policy, a product)
// keeps a memo and makes each cell once, not once per license.
func (r *Resource) Text(name string, raw json.RawMessage) string {
	if r.memo == nil {
		return RawScalar(raw)
	}
	if s, ok := r.memo.Load(name); ok {
		return s.(string)
	}
	s, _ := r.memo.LoadOrStore(name, RawScalar(raw))
	return s.(string)
}

// IsNull reports whether a JSON value is null.
func IsNull(raw json.RawMessage) bool { return firstByte(raw) == 'n' }

// Scalar renders a decoded JSON value as a cell: null is "", strings as
// they are, numbers and booleans as written, objects and arrays as JSON.
func Scalar(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}
