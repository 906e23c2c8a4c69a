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
// include=license-keys), those in "included". A "data" holding typ and
// anything else is refused at the first other item: the platforms list
// one type per page (other types go in "included"), so that item is a
// page mixed by hand whose resources would otherwise vanish unread. A
// page whose "data" holds only other types, and no typ anywhere, is
// refused naming what it holds: reading it as zero licenses would plan
// the deletion of them all.
func licenseResources(doc *Doc, file, typ string) ([]Item, error) {
	if n := len(doc.Items); n > 0 && doc.types[typ] == n {
		return doc.Items, nil // every item is one: no copy, no second look
	}
	out, seen, err := dataOfType(doc, file, typ)
	if err != nil || len(out) > 0 || len(doc.Items) == 0 {
		return out, err
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
			license.Position(file, doc.Items[0].Line), describeTypes(seen), typ, typ)
	}
	return out, nil
}

// dataOfType returns the items of "data" of type typ and counts each
// type seen; an item of another type beside one of typ is a located
// error (see licenseResources).
func dataOfType(doc *Doc, file, typ string) (out []Item, seen map[string]int, err error) {
	seen = map[string]int{}
	var stray *Item // the first item of another type
	for i, it := range doc.Items {
		raw, err := doc.Load(it)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", license.Position(file, it.Line), err)
		}
		t, err := typeOf(raw)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", license.Position(file, it.Line), err)
		}
		seen[t]++
		if t == typ {
			out = append(out, it)
		} else if stray == nil {
			stray = &doc.Items[i]
		}
		if stray != nil && len(out) > 0 {
			return nil, nil, mixedError(doc, file, typ, *stray)
		}
	}
	return out, seen, nil
}

// mixedError locates an item of "data" that is not of type typ, in a
// page that holds resources of typ.
func mixedError(doc *Doc, file, typ string, it Item) error {
	raw, err := doc.Load(it)
	if err != nil {
		return fmt.Errorf("%s: %w", license.Position(file, it.Line), err)
	}
	what := "an item with no \"type\""
	if t, id, err := resourceTypeID(raw); err == nil && len(t) > 0 {
		what = fmt.Sprintf("a %q resource", t)
		if len(id) > 0 {
			what += fmt.Sprintf(" (id %q)", id)
		}
	}
	return fmt.Errorf("%s: %s in \"data\" beside %q: the license reader expects %q only there (other types belong in \"included\"); split the page into one page per type, or remove the item",
		license.Position(file, it.Line), what, typ, typ)
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
