package tabular

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
)

// attrPlan is how a struct type is filled from attributes: the member
// names its fields are tagged with, and what each field is.
type attrPlan struct {
	names []string
	index []int
	kind  []fieldKind
}

type fieldKind uint8

const (
	cellField fieldKind = iota // a Cell: made from the raw value in place
	rawField                   // a json.RawMessage: the value as written
	jsonField                  // anything else: encoding/json decodes it
)

var (
	attrPlans sync.Map // reflect.Type → *attrPlan
	cellType  = reflect.TypeFor[Cell]()
	rawType   = reflect.TypeFor[json.RawMessage]()
)

// planOf reads a struct type's json tags once: `json:"name"` names the
// member ("-" skips the field, no tag means the field's name), as
// encoding/json reads them.
func planOf(t reflect.Type) *attrPlan {
	if p, ok := attrPlans.Load(t); ok {
		return p.(*attrPlan)
	}
	p := &attrPlan{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		k := jsonField
		switch f.Type {
		case cellType:
			k = cellField
		case rawType:
			k = rawField
		}
		p.names, p.index, p.kind = append(p.names, name), append(p.index, i), append(p.kind, k)
	}
	got, _ := attrPlans.LoadOrStore(t, p)
	return got.(*attrPlan)
}

// decodeAttrs fills v, a pointer to a struct (zeroed first), from r's
// attributes in one pass over them (a license reader asks for a dozen;
// asking for each would scan the object a dozen times). Cells are made
// in place, from the resource's memo when it keeps one (a policy many
// licenses share names itself once); other fields go through
// encoding/json, whose error names the attribute.
func decodeAttrs(r *jsonindex.Resource, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("decoding attributes needs a pointer to a struct, not %T", v)
	}
	s := rv.Elem()
	s.SetZero() // a reader may reuse one struct for every license
	p := planOf(s.Type())
	var buf [24]json.RawMessage
	var vals []json.RawMessage
	if len(p.names) > len(buf) {
		vals = make([]json.RawMessage, len(p.names))
	} else {
		vals = buf[:len(p.names)]
	}
	r.Attrs(p.names, vals)
	for i, raw := range vals {
		if raw == nil {
			continue
		}
		f := s.Field(p.index[i])
		switch p.kind[i] {
		case cellField:
			c := f.Addr().Interface().(*Cell)
			*c = Cell{Text: r.Text(p.names[i], raw), Set: true, Null: jsonindex.IsNull(raw)}
		case rawField:
			f.SetBytes(append([]byte(nil), raw...))
		default:
			if err := json.Unmarshal(raw, f.Addr().Interface()); err != nil {
				return fmt.Errorf("attribute %q: %w", p.names[i], err)
			}
		}
	}
	return nil
}
