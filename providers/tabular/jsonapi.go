package tabular

import (
	"bytes"
	"encoding/json"
	"fmt"
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

// Included indexes a document's "included" resources by type and id.
func Included(doc *JSONDoc) (map[string]*Resource, error) {
	out := map[string]*Resource{}
	raw, ok := doc.Top["included"]
	if !ok {
		return out, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf(`"included" is not a list: %v`, err)
	}
	for _, it := range items {
		r, err := DecodeResource(it)
		if err != nil {
			return nil, err
		}
		out[r.Type+"/"+r.ID] = r
	}
	return out, nil
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
