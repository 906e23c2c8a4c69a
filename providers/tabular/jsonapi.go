package tabular

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Resource is one JSON:API resource object.
type Resource struct {
	ID            string                     `json:"id"`
	Type          string                     `json:"type"`
	Attributes    map[string]any             `json:"attributes"`
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
func (r *Resource) Attr(name string) (string, bool) {
	v, ok := r.Attributes[name]
	if !ok {
		return "", false
	}
	return Scalar(v), true
}

// DecodeResource parses one resource object, keeping numbers exact.
func DecodeResource(raw json.RawMessage) (*Resource, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var r Resource
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("not a JSON:API resource: %v", err)
	}
	return &r, nil
}

// Includes indexes a document's "included" resources by type and id
// without decoding them: a dump with a million owners keeps their bytes
// (already in memory) and decodes each when a license joins it. Types
// with few resources (policies, products) are decoded once and kept.
type Includes struct {
	raw     map[string]json.RawMessage
	many    map[string]bool
	decoded map[string]*Resource
}

// manyOfType is how many resources of one type make decoding on demand
// (and forgetting) cheaper than keeping them decoded.
const manyOfType = 1000

// Included indexes a document's "included" resources.
func Included(doc *JSONDoc) (*Includes, error) {
	inc := &Includes{raw: map[string]json.RawMessage{}, many: map[string]bool{}, decoded: map[string]*Resource{}}
	raw, ok := doc.Top["included"]
	if !ok {
		return inc, nil
	}
	if firstByte(raw) != '[' {
		return nil, fmt.Errorf(`"included" is a JSON %s, not a list`, kindOf(raw))
	}
	perType := map[string]int{}
	var bad error
	forEach(bytes.TrimSpace(raw), func(item []byte) {
		if bad != nil {
			return
		}
		var probe struct {
			Type string `json:"type"`
			ID   string `json:"id"`
		}
		if err := json.Unmarshal(item, &probe); err != nil {
			bad = fmt.Errorf("an included resource: %v", err)
			return
		}
		inc.raw[probe.Type+"/"+probe.ID] = item
		perType[probe.Type]++
	})
	for t, n := range perType {
		inc.many[t] = n > manyOfType
	}
	return inc, bad
}

// Get returns the included resource typ/id, or nil.
func (inc *Includes) Get(typ, id string) *Resource {
	k := typ + "/" + id
	if r, ok := inc.decoded[k]; ok {
		return r
	}
	raw, ok := inc.raw[k]
	if !ok {
		return nil
	}
	r, err := DecodeResource(raw)
	if err != nil {
		return nil
	}
	if !inc.many[typ] {
		inc.decoded[k] = r
	}
	return r
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
	return json.Unmarshal(doc.Items[0].Raw, &probe) == nil && probe.Type != "" && probe.Attributes != nil
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
		t, err := typeOf(it.Raw)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", file, it.Line, err)
		}
		seen[t]++
		if t == typ {
			out = append(out, it)
		}
	}
	if len(out) > 0 || len(doc.Items) == 0 {
		return out, nil
	}
	var included []json.RawMessage
	if raw, ok := doc.Top["included"]; ok {
		if err := json.Unmarshal(raw, &included); err != nil {
			return nil, fmt.Errorf(`%s: "included" is not a list: %v`, file, err)
		}
	}
	for _, raw := range included {
		if t, err := typeOf(raw); err == nil && t == typ {
			out = append(out, Item{Raw: raw})
		}
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
