package tabular

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/licentric/licentric-sync/license"
)

// Resource is one JSON:API resource object.
type Resource struct {
	ID            string                     `json:"id"`
	Type          string                     `json:"type"`
	Attributes    map[string]json.RawMessage `json:"attributes"`
	Relationships map[string]json.RawMessage `json:"relationships"`
}

// Related returns the (type, id) linkage of a to-one relationship, if any.
func (r *Resource) Related(name string) (typ, id string, ok bool) {
	raw, found := r.Relationships[name]
	if !found {
		return "", "", false
	}
	var rel struct {
		Data *struct {
			Type string `json:"type"`
			ID   string `json:"id"`
		} `json:"data"`
	}
	if json.Unmarshal(raw, &rel) != nil || rel.Data == nil {
		return "", "", false
	}
	return rel.Data.Type, rel.Data.ID, true
}

// Attr returns an attribute rendered as a cell, and whether it exists.
// Attributes stay raw until asked for: a resource's unused attributes
// (and nested objects) are never decoded, which is most of the cost of a
// million-license dump.
func (r *Resource) Attr(name string) (string, bool) {
	v, ok := r.Attributes[name]
	if !ok {
		return "", false
	}
	return rawScalar(v), true
}

// rawScalar is Scalar for a raw JSON value: null is "", a string its
// text, a number or boolean as written, an object or array as canonical
// JSON (sorted keys), exactly what decoding it and calling Scalar gives.
func rawScalar(v json.RawMessage) string {
	switch c := firstByte(v); {
	case c == 'n':
		return ""
	case c == '"':
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s
		}
	case c == '{' || c == '[':
		dec := json.NewDecoder(bytes.NewReader(v))
		dec.UseNumber()
		var x any
		if dec.Decode(&x) == nil {
			return Scalar(x)
		}
	}
	return string(bytes.TrimSpace(v))
}

// DecodeResource parses one resource object; attributes stay raw.
func DecodeResource(raw json.RawMessage) (*Resource, error) {
	var r Resource
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("not a JSON:API resource: %v", err)
	}
	return &r, nil
}

// Includes indexes a document's "included" resources by type and id
// without decoding them: a dump with a million owners keeps only where
// each lies (or its bytes, for a file read whole) and decodes each when a
// license joins it. Types with few resources (policies, products) are
// decoded once and kept.
type Includes struct {
	raw     map[string]json.RawMessage
	spans   map[string]span
	order   []string
	perType map[string]int
	decoded map[string]*Resource
	src     io.ReaderAt
	// merged is set once a document's in-memory "included" is indexed.
	merged bool
}

// manyOfType is how many resources of one type make decoding on demand
// (and forgetting) cheaper than keeping them decoded.
const manyOfType = 1000

func newIncludes() *Includes {
	return &Includes{raw: map[string]json.RawMessage{}, spans: map[string]span{}, perType: map[string]int{}, decoded: map[string]*Resource{}}
}

// index notes one included resource: its bytes in memory (sp zero) or
// where it lies in the file.
func (inc *Includes) index(item []byte, sp span) error {
	var probe struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	}
	if err := json.Unmarshal(item, &probe); err != nil {
		return fmt.Errorf("an included resource: %v", err)
	}
	k := probe.Type + "/" + probe.ID
	if sp.n > 0 {
		inc.spans[k] = sp
	} else {
		inc.raw[k] = item
	}
	inc.order = append(inc.order, k)
	inc.perType[probe.Type]++
	return nil
}

// absorb adds another index's resources after this one's.
func (inc *Includes) absorb(o *Includes) {
	for k, sp := range o.spans {
		inc.spans[k] = sp
	}
	for k, raw := range o.raw {
		inc.raw[k] = raw
	}
	inc.order = append(inc.order, o.order...)
	for t, n := range o.perType {
		inc.perType[t] += n
	}
}

// Included indexes a document's "included" resources.
func Included(doc *JSONDoc) (*Includes, error) {
	inc := doc.inc
	if inc == nil {
		inc = newIncludes()
		doc.inc = inc
	}
	inc.src = doc.src
	raw, ok := doc.Top["included"]
	if !ok || inc.merged {
		return inc, nil
	}
	inc.merged = true
	if firstByte(raw) != '[' {
		return nil, fmt.Errorf(`"included" is a JSON %s, not a list`, kindOf(raw))
	}
	var bad error
	forEach(bytes.TrimSpace(raw), func(item []byte) {
		if bad == nil {
			bad = inc.index(item, span{})
		}
	})
	return inc, bad
}

// load returns the bytes of an included resource, or nil.
func (inc *Includes) load(k string) json.RawMessage {
	if raw, ok := inc.raw[k]; ok {
		return raw
	}
	sp, ok := inc.spans[k]
	if !ok || inc.src == nil {
		return nil
	}
	buf := make([]byte, sp.n)
	if _, err := inc.src.ReadAt(buf, sp.off); err != nil {
		return nil
	}
	return buf
}

// Get returns the included resource typ/id, or nil.
func (inc *Includes) Get(typ, id string) *Resource {
	k := typ + "/" + id
	if r, ok := inc.decoded[k]; ok {
		return r
	}
	raw := inc.load(k)
	if raw == nil {
		return nil
	}
	r, err := DecodeResource(raw)
	if err != nil {
		return nil
	}
	if inc.perType[typ] <= manyOfType {
		inc.decoded[k] = r
	}
	return r
}

// ofType lists the included resources of one type, in file order.
func (inc *Includes) ofType(typ string) []json.RawMessage {
	var out []json.RawMessage
	for _, k := range inc.order {
		if strings.HasPrefix(k, typ+"/") {
			if raw := inc.load(k); raw != nil {
				out = append(out, raw)
			}
		}
	}
	return out
}

// forEach calls fn with each element of the JSON array a (valid JSON).
func forEach(a []byte, fn func([]byte)) {
	for i := skipSpace(a, 1); i < len(a)-1; i = skipSpace(a, i) {
		end := skipValue(a, i)
		fn(a[i:end:end])
		i = end
	}
}

// IsJSONAPI reports whether a document looks like a JSON:API list page:
// items with type and attributes.
func IsJSONAPI(doc *JSONDoc) bool {
	if len(doc.Items) == 0 {
		_, hasData := doc.Top["links"]
		return hasData
	}
	var probe struct {
		Type       string          `json:"type"`
		Attributes json.RawMessage `json:"attributes"`
	}
	raw, err := doc.Load(doc.Items[0])
	return err == nil && json.Unmarshal(raw, &probe) == nil && probe.Type != "" && probe.Attributes != nil
}

// LicenseResources returns a JSON:API page's items of type typ, still
// undecoded (decode each with DecodeResource as you go, so a million
// resources are never held decoded at once): those in "data", or, when
// "data" holds none of them (an orders page fetched with
// include=license-keys), those in "included". A page whose "data" holds
// only other types, and no typ anywhere, is refused naming what it holds:
// reading it as zero licenses would plan the deletion of them all.
func LicenseResources(doc *JSONDoc, file, typ string) ([]Item, error) {
	var out []Item
	seen := map[string]int{}
	for _, it := range doc.Items {
		raw, err := doc.Load(it)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", license.Position(file, it.Line), err)
		}
		t, err := typeOf(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", license.Position(file, it.Line), err)
		}
		seen[t]++
		if t == typ {
			out = append(out, it)
		}
	}
	if len(out) > 0 || len(doc.Items) == 0 {
		return out, nil
	}
	inc, err := Included(doc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	for _, raw := range inc.ofType(typ) {
		out = append(out, Item{Raw: raw})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: this JSON:API page holds %s, not %q resources: export the licenses themselves (or include=%s)",
			file, describeTypes(seen), typ, typ)
	}
	return out, nil
}

// typeOf reads only a resource's "type", skimming the other members
// (the item was validated with its file).
func typeOf(raw json.RawMessage) (string, error) {
	if firstByte(raw) != '{' {
		return "", fmt.Errorf("not a JSON:API resource: a JSON %s", kindOf(raw))
	}
	typ := ""
	var err error
	members(bytes.TrimSpace(raw), func(key string, val []byte, _ int) {
		if key == "type" {
			err = json.Unmarshal(val, &typ)
		}
	})
	if err != nil {
		return "", fmt.Errorf("not a JSON:API resource: type: %v", err)
	}
	return typ, nil
}

func describeTypes(seen map[string]int) string {
	var parts []string
	for t, n := range seen {
		parts = append(parts, fmt.Sprintf("%d %q", n, t))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}
