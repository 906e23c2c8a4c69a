package jsonindex

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/licentric/licentric-sync/license"
)

// Resource is one JSON:API resource object. Its attributes and
// relationships stay raw objects (slices of the item's bytes) until one
// is asked for: a resource's unused attributes (and nested objects) are
// never decoded, which is most of the cost of a million-license dump.
type Resource struct {
	ID   string
	Type string
	// attrs and rels are the "attributes" and "relationships" objects;
	// nil when absent or null.
	attrs, rels json.RawMessage
	// memo keeps the cells of a resource many licenses share (a policy,
	// a product): its name is made once, not once per license.
	memo *sync.Map
}

// Related returns the (type, id) linkage of a to-one relationship, if
// any: none when the relationship is absent, gives links only or a null
// data. A relationship that is not an object, or whose data is not null
// or {type, id} strings, is an error: read as none, a license would
// lose its owner or policy without a word.
func (r *Resource) Related(name string) (typ, id string, ok bool, err error) {
	raw, found := lookup(r.rels, name)
	if !found {
		return "", "", false, nil
	}
	if typ, id, ok, sure := skimLinkage(raw); sure {
		return typ, id, ok, nil
	}
	var rel struct {
		Data *struct {
			Type string `json:"type"`
			ID   string `json:"id"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &rel); err != nil {
		return "", "", false, linkageErr(err)
	}
	if rel.Data == nil {
		return "", "", false, nil
	}
	return rel.Data.Type, rel.Data.ID, true, nil
}

// linkageErr says which member of a linkage holds what (a JSON number
// where the id's string belongs), rather than the decoder's Go types.
func linkageErr(err error) error {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return err
	}
	if te.Field == "" {
		return fmt.Errorf("it is a JSON %s, not an object", te.Value)
	}
	return fmt.Errorf("%s is a JSON %s", te.Field, te.Value)
}

// skimLinkage reads {"data": {"type": …, "id": …}} in place; sure is
// false when only a decode can tell.
func skimLinkage(raw []byte) (typ, id string, ok, sure bool) {
	var data [1][]byte
	if firstByte(raw) != '{' || !skimFields(raw, dataField, data[:]) {
		return "", "", false, false
	}
	switch firstByte(data[0]) {
	case 0, 'n':
		return "", "", false, true
	case '{':
	default:
		return "", "", false, false
	}
	var vals [2][]byte
	if !skimFields(data[0], typeIDFields, vals[:]) {
		return "", "", false, false
	}
	typ, okT := skimText(vals[0], "")
	id, okI := skimText(vals[1], "")
	return typ, id, true, okT && okI
}

var dataField = []string{"data"}

// RawScalar is Scalar for a raw JSON value: null is "", a string its
// text, a number or boolean as written, an object or array as canonical
// JSON (sorted keys), exactly what decoding it and calling Scalar gives.
func RawScalar(v json.RawMessage) string {
	switch c := firstByte(v); {
	case c == 'n':
		return ""
	case c == 't' && string(v) == "true":
		return "true"
	case c == 'f' && string(v) == "false":
		return "false"
	case c == '"':
		if body, ok := plainBody(v); ok {
			return string(body)
		}
		if s, ok := exactString(v); ok {
			return s // text that is not UTF-8 stays so, for the mapping to refuse
		}
	case c == '{' || c == '[':
		if s, ok := license.CompactPlainObjectText(v, true, text); ok {
			return s // what Scalar of the decoded object prints (json.Marshal escapes HTML)
		}
		if license.JSONTextProblem(string(v)) != "" {
			return string(trimJSONSpace(v)) // as written: a decode would replace the text the mapping refuses
		}
		dec := json.NewDecoder(bytes.NewReader(v))
		dec.UseNumber()
		var x any
		if dec.Decode(&x) == nil {
			return Scalar(x)
		}
	}
	return string(bytes.TrimSpace(v))
}

// plainString is the text of a JSON string with nothing to unescape:
// no backslash, no control character, valid UTF-8 (which decoding would
// change to U+FFFD). Anything else goes the plain way; a fuzz target holds
// the two equal.
func plainString(v json.RawMessage) (string, bool) {
	body, ok := plainBody(v)
	return string(body), ok
}

// EachResource calls fn with each license resource of type typ of a
// JSON:API document (see licenseResources), in document order, with the
// line it starts on and a Lookup for the resources it relates to: the
// walk every platform's JSON:API reader makes before it fills a record.
// The resource and the lookup's answers are valid during fn. A read or
// decode error, or an error fn returns, is located at the resource's
// line and ends the walk.
func (d *Doc) EachResource(file, typ string, fn func(res *Resource, look *Lookup, line int) error) error {
	inc, err := indexIncluded(d)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	found, err := licenseResources(d, file, typ)
	if err != nil {
		return err
	}
	win := windows.Get().(*readWindow)
	defer windows.Put(win)
	win.reset() // it may hold another file's bytes
	look := inc.lookup(win)
	var res Resource // one for the walk
	for _, it := range found {
		raw, err := d.Load(it)
		if err != nil {
			return fmt.Errorf("%s: %w", license.Position(file, it.Line), err)
		}
		if res, err = decodeJSONResource(raw); err != nil {
			return fmt.Errorf("%s: %w", license.Position(file, it.Line), err)
		}
		err = fn(&res, look, it.Line)
		if err == nil {
			err = look.Err()
		}
		if err != nil {
			return fmt.Errorf("%s: %w", license.Position(file, it.Line), err)
		}
	}
	return nil
}

// decodeJSONResource parses one resource object; attributes and
// relationships stay raw. A resource is skimmed in place when that is
// sure to read what a decode would (see skimFields), decoded otherwise.
func decodeJSONResource(raw json.RawMessage) (Resource, error) {
	if r, ok := skimResource(raw, "", ""); ok {
		return r, nil
	}
	r, err := decodeResource(raw)
	return r, err
}

// decodeAs decodes raw if it is the resource typ/id: an included
// resource found by a hash of its type and id is checked so, and its
// strings are the caller's instead of new ones.
func decodeAs(raw json.RawMessage, typ, id string) (Resource, bool) {
	r, ok := skimResource(raw, typ, id)
	if !ok {
		var err error
		if r, err = decodeResource(raw); err != nil {
			return Resource{}, false
		}
	}
	return r, r.Type == typ && r.ID == id
}

// decodeResource is decodeJSONResource the plain way.
func decodeResource(raw json.RawMessage) (Resource, error) {
	var w struct {
		ID            string          `json:"id"`
		Type          string          `json:"type"`
		Attributes    json.RawMessage `json:"attributes"`
		Relationships json.RawMessage `json:"relationships"`
	}
	if err := json.Unmarshal(raw, &w); err != nil {
		return Resource{}, fmt.Errorf("not a JSON:API resource: %v", err)
	}
	r := Resource{ID: w.ID, Type: w.Type}
	if strings.ContainsRune(r.ID, utf8.RuneError) { // the decode may have replaced text that is not UTF-8
		if v, _ := lookup(trimJSONSpace(raw), "id"); v != nil && license.JSONTextProblem(string(v)) != "" {
			r.ID, _ = exactString(v) // kept so, for the mapping to refuse
		}
	}
	var err error
	if r.attrs, err = objectOrNull("attributes", w.Attributes); err != nil {
		return Resource{}, err
	}
	if r.rels, err = objectOrNull("relationships", w.Relationships); err != nil {
		return Resource{}, err
	}
	return r, nil
}

// objectOrNull checks that a resource member is an object (or null or
// absent: nil).
func objectOrNull(name string, v json.RawMessage) (json.RawMessage, error) {
	switch firstByte(v) {
	case 0, 'n':
		return nil, nil
	case '{':
		return bytes.TrimSpace(v), nil
	}
	return nil, fmt.Errorf("not a JSON:API resource: %q is a JSON %s, not an object", name, kindOf(v))
}

// skimResource is decodeJSONResource in place, for a valid object whose
// members skimFields can read and whose id and type are plain strings.
func skimResource(raw []byte, wantType, wantID string) (Resource, bool) {
	raw = trimJSONSpace(raw)
	if len(raw) == 0 || raw[0] != '{' || !json.Valid(raw) {
		return Resource{}, false
	}
	var vals [4][]byte
	if !skimFields(raw, resourceFields, vals[:]) {
		return Resource{}, false
	}
	id, okID := skimText(vals[0], wantID)
	typ, okType := skimText(vals[1], wantType)
	if !okID || !okType {
		return Resource{}, false
	}
	r := Resource{ID: id, Type: typ}
	var err error
	if r.attrs, err = objectOrNull("attributes", vals[2]); err != nil {
		return Resource{}, false
	}
	if r.rels, err = objectOrNull("relationships", vals[3]); err != nil {
		return Resource{}, false
	}
	return r, true
}

var resourceFields = []string{"id", "type", "attributes", "relationships"}

// text is string(b), for license.CompactPlainObjectText.
func text(b []byte) string { return string(b) }
