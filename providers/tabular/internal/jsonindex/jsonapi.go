package jsonindex

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/licentric/licentric-sync/license"
)

// IsJSONAPI reports whether a document looks like a JSON:API list page:
// items with type and attributes.
func (d *Doc) IsJSONAPI() bool {
	first, ok := d.firstItem()
	if !ok {
		_, hasData := d.Top["links"]
		return hasData
	}
	var probe struct {
		Type       string          `json:"type"`
		Attributes json.RawMessage `json:"attributes"`
	}
	raw, err := d.Load(first)
	return err == nil && json.Unmarshal(raw, &probe) == nil && probe.Type != "" && probe.Attributes != nil
}

// licenseResources returns a JSON:API page's items of type typ, still
// undecoded (decode each with decodeJSONResource as you go, so a million
// resources are never held decoded at once): those in "data", or, when
// "data" holds none of them (an orders page fetched with
// include=license-keys), those in "included". A page whose "data" holds
// only other types, and no typ anywhere, is refused naming what it holds:
// reading it as zero licenses would plan the deletion of them all.
func licenseResources(doc *Doc, file, typ string) ([]Item, error) {
	if n := len(doc.Items); n > 0 && doc.types[typ] == n {
		return doc.Items, nil // every item is one: no copy, no second look
	}
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
	inc, err := indexIncluded(doc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	resources, err := inc.ofType(typ)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	for _, raw := range resources {
		out = append(out, doc.hold(raw, 0))
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
	v, found := lookup(bytes.TrimSpace(raw), "type")
	if !found {
		return "", nil
	}
	if s, ok := skimText(v, ""); ok {
		return s, nil
	}
	var typ string
	if err := json.Unmarshal(v, &typ); err != nil {
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
