package tabular

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/licentric/licentric-sync/license"
)

// includes indexes a document's "included" resources by type and id
// without decoding them: a dump with a million owners keeps only where
// each lies (or its bytes, for a file read whole) and decodes each when a
// license joins it. Types with few resources (policies, products) are
// decoded once and kept.
type includes struct {
	// raw holds the resources of a document read whole; rawOrder their
	// keys in file order, where a resource indexed again leaves "" in
	// its earlier place (rawAt says where each key is): a dump listing
	// every owner twice costs one step per copy, not a search each.
	raw      map[string]json.RawMessage
	rawOrder []string
	rawAt    map[string]int
	// spans says where each resource of a streamed file lies, by a hash
	// of its type and id; a resource found by hash is checked to be the
	// one asked for.
	spans   *spanTable
	perType map[string]int
	// decoded keeps resources of the few-of-a-kind types (policies,
	// products); mu guards it, as chunk workers share one index.
	mu      *sync.Mutex
	decoded map[typeID]jsonResource
	src     io.ReaderAt
	// merged is set once a document's in-memory "included" is indexed.
	merged bool
	// fallback holds the resources read from their own list pages (see
	// related.go), looked up when the document does not include one.
	fallback *includes
	// unordered keeps no file order (rawOrder), which only a document
	// whose licenses lie in "included" needs: the related index's.
	unordered bool
	// lists are the relationship lists read from their own pages (the
	// related index's only; see relationlist.go).
	lists map[listKey][]Linkage
}

// typeID names a resource (a struct key: no string is built per lookup).
type typeID struct{ typ, id string }

// manyOfType is how many resources of one type make decoding on demand
// (and forgetting) cheaper than keeping them decoded.
const manyOfType = 1000

func newIncludes() *includes {
	return &includes{raw: map[string]json.RawMessage{}, rawAt: map[string]int{}, spans: &spanTable{},
		perType: map[string]int{}, decoded: map[typeID]jsonResource{}, mu: &sync.Mutex{}}
}

// includeSeed keys the spans table; any fixed seed will do.
var includeSeed = maphash.MakeSeed()

func includeKey(typ, id []byte) uint64 {
	var h maphash.Hash
	h.SetSeed(includeSeed)
	h.Write(typ)
	h.WriteByte(0)
	h.Write(id)
	return h.Sum64()
}

// index notes one included resource (valid JSON: its document's read
// checked it): its bytes in memory (sp zero) or where it lies in the
// file. A later resource of the same type and id replaces an earlier one.
func (inc *includes) index(item []byte, sp span) error {
	typ, id, err := resourceTypeID(item)
	if err != nil {
		return err
	}
	inc.perType[typeName(typ)]++
	if sp.n == 0 {
		k := string(typ) + "/" + string(id)
		if inc.unordered {
			inc.raw[k] = item
			return nil
		}
		inc.keep(k, item)
		return nil
	}
	inc.spans.add(includeKey(typ, id), sp)
	return nil
}

// keep holds a resource of a document read whole under k; a later copy
// replaces an earlier one, and counts where it lies.
func (inc *includes) keep(k string, item json.RawMessage) {
	if at, dup := inc.rawAt[k]; dup {
		inc.rawOrder[at] = ""
	}
	inc.rawAt[k] = len(inc.rawOrder)
	inc.rawOrder = append(inc.rawOrder, k)
	inc.raw[k] = item
}

// resourceTypeID reads an included resource's type and id (valid JSON:
// its document's read validated it).
func resourceTypeID(item []byte) (typ, id []byte, err error) {
	typ, id, ok := skimTypeID(item)
	if ok {
		return typ, id, nil
	}
	var probe struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	}
	if err := json.Unmarshal(item, &probe); err != nil {
		return nil, nil, fmt.Errorf("an included resource: %v", err)
	}
	return []byte(probe.Type), []byte(probe.ID), nil
}

// readInto reads the resource at sp through the window w, or into a new
// buffer when w is nil.
func (inc *includes) readInto(sp span, w *readWindow) (json.RawMessage, error) {
	if inc.src == nil {
		return nil, errors.New("an included resource lies in a file that is not open")
	}
	if w != nil {
		return w.read(inc.src, sp)
	}
	b := make([]byte, sp.n)
	if got, err := inc.src.ReadAt(b, sp.off); int64(got) < sp.n {
		return nil, readErr(sp, err)
	}
	return b, nil
}

// absorb adds another index's resources after this one's.
func (inc *includes) absorb(o *includes) {
	if inc.spans.len() == 0 && len(inc.raw) == 0 {
		*inc = *o // the common case, one document: take it, no copy
		return
	}
	inc.spans.addAll(o.spans)
	for _, k := range o.rawOrder {
		if k != "" {
			inc.keep(k, o.raw[k])
		}
	}
	for t, n := range o.perType {
		inc.perType[t] += n
	}
}

// Included indexes a document's "included" resources.
func indexIncluded(doc *jsonDoc) (*includes, error) {
	inc := doc.inc
	if inc == nil {
		inc = newIncludes()
		doc.inc = inc
	}
	if inc.src == nil {
		inc.src = doc.src
	}
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
		switch {
		case bad != nil:
		case len(item) > MaxRecordBytes:
			bad = fmt.Errorf("an included resource: %w", errValueTooLarge)
		default:
			bad = inc.index(item, span{})
		}
	})
	return inc, bad
}

// includeLookup finds included resources for one reader at a time, reusing one
// buffer for those it reads from the file (a million owners, each read
// once): a resource it returns is valid until its next Get.
type includeLookup struct {
	inc *includes
	win *readWindow
	// err is the first resource that could not be read back (the file
	// failed or changed): eachResource ends the read with it, so it never
	// passes for a resource the document does not hold.
	err error
}

// Err is the first read error of a Get: a resource that Get reported
// not found may only have been unreadable.
func (l *includeLookup) Err() error { return l.err }

// includeLookup starts a reader's lookups.
func (inc *includes) newLookup() *includeLookup { return inc.lookup(new(readWindow)) }

// lookup starts lookups that read through w and make their strings in
// text (nil: one allocation each).
func (inc *includes) lookup(w *readWindow) *includeLookup {
	return &includeLookup{inc: inc, win: w}
}

// Get returns the included resource typ/id, valid until the next Get.
func (l *includeLookup) Get(typ, id string) (jsonResource, bool) {
	r, ok, err := l.inc.get(typ, id, l.win)
	if err != nil && l.err == nil {
		l.err = err
	}
	return r, ok
}

func (inc *includes) get(typ, id string, w *readWindow) (jsonResource, bool, error) {
	r, ok, err := inc.own(typ, id, w)
	if !ok && err == nil && inc.fallback != nil {
		return inc.fallback.get(typ, id, nil)
	}
	return r, ok, err
}

// own finds typ/id among the document's own included resources.
func (inc *includes) own(typ, id string, w *readWindow) (jsonResource, bool, error) {
	if inc.perType[typ] > manyOfType {
		return inc.find(typ, id, w) // decoded on demand, never kept
	}
	k := typeID{typ, id}
	inc.mu.Lock()
	r, ok := inc.decoded[k]
	inc.mu.Unlock()
	if ok {
		return r, true, nil
	}
	r, ok, err := inc.find(typ, id, nil) // kept: its own buffer
	if ok {
		r.memo = new(sync.Map)
		inc.mu.Lock()
		inc.decoded[k] = r
		inc.mu.Unlock()
	}
	return r, ok, err
}

// find decodes typ/id from memory or the file (through w, when given),
// checking that a resource found by hash is the one asked for.
func (inc *includes) find(typ, id string, w *readWindow) (jsonResource, bool, error) {
	if len(inc.raw) > 0 {
		if raw, ok := inc.raw[typ+"/"+id]; ok {
			r, err := decodeJSONResource(raw)
			return r, err == nil, nil
		}
	}
	var r jsonResource
	var bad error
	found := inc.spans.find(includeKey([]byte(typ), []byte(id)), func(sp span) bool {
		raw, err := inc.readInto(sp, w)
		if err != nil {
			bad = err
			return true // stop: what lies further is no more readable
		}
		var ok bool
		r, ok = decodeAs(raw, typ, id)
		return ok
	})
	if bad != nil {
		return jsonResource{}, false, bad
	}
	return r, found, nil
}

// ofType lists the included resources of one type, in file order. It
// reads every streamed resource back, so it is for the rare document
// whose licenses are only in "included".
func (inc *includes) ofType(typ string) ([]json.RawMessage, error) {
	var out []json.RawMessage
	for _, k := range inc.rawOrder {
		if k != "" && strings.HasPrefix(k, typ+"/") {
			out = append(out, inc.raw[k])
		}
	}
	// A resource indexed twice counts where its last copy lies.
	var found []json.RawMessage
	last := map[string]int{}
	for _, sp := range inc.spans.all() {
		raw, err := inc.readInto(sp, nil)
		if err != nil {
			return out, err
		}
		if t, id, err := resourceTypeID(raw); err == nil && string(t) == typ {
			if i, dup := last[string(id)]; dup {
				found[i] = nil
			}
			last[string(id)] = len(found)
			found = append(found, raw)
		}
	}
	for _, raw := range found {
		if raw != nil {
			out = append(out, raw)
		}
	}
	return out, nil
}

// forEach calls fn with each element of the JSON array a (valid JSON).
func forEach(a []byte, fn func([]byte)) {
	for i := skipSpace(a, 1); i < len(a)-1; i = skipSpace(a, i) {
		end := skipValue(a, i)
		fn(a[i:end:end])
		i = end
	}
}

// isJSONAPI reports whether a document looks like a JSON:API list page:
// items with type and attributes.
func isJSONAPI(doc *jsonDoc) bool {
	first, ok := doc.firstItem()
	if !ok {
		_, hasData := doc.Top["links"]
		return hasData
	}
	var probe struct {
		Type       string          `json:"type"`
		Attributes json.RawMessage `json:"attributes"`
	}
	raw, err := doc.Load(first)
	return err == nil && json.Unmarshal(raw, &probe) == nil && probe.Type != "" && probe.Attributes != nil
}

// licenseResources returns a JSON:API page's items of type typ, still
// undecoded (decode each with decodeJSONResource as you go, so a million
// resources are never held decoded at once): those in "data", or, when
// "data" holds none of them (an orders page fetched with
// include=license-keys), those in "included". A page whose "data" holds
// only other types, and no typ anywhere, is refused naming what it holds:
// reading it as zero licenses would plan the deletion of them all.
func licenseResources(doc *jsonDoc, file, typ string) ([]docItem, error) {
	if n := len(doc.Items); n > 0 && doc.types[typ] == n {
		return doc.Items, nil // every item is one: no copy, no second look
	}
	var out []docItem
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
