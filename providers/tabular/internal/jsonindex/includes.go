package jsonindex

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"sync"
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
	decoded map[typeID]Resource
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
	// related index's only; see related.go).
	lists map[ListKey][]Ref
}

// typeID names a resource (a struct key: no string is built per lookup).
type typeID struct{ typ, id string }

// manyOfType is how many resources of one type make decoding on demand
// (and forgetting) cheaper than keeping them decoded.
const manyOfType = 1000

func newIncludes() *includes {
	return &includes{raw: map[string]json.RawMessage{}, rawAt: map[string]int{}, spans: &spanTable{},
		perType: map[string]int{}, decoded: map[typeID]Resource{}, mu: &sync.Mutex{}}
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
func indexIncluded(doc *Doc) (*includes, error) {
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
		case len(item) > MaxValueBytes:
			bad = fmt.Errorf("an included resource: %w", errValueTooLarge)
		default:
			bad = inc.index(item, span{})
		}
	})
	return inc, bad
}

// forEach calls fn with each element of the JSON array a (valid JSON).
func forEach(a []byte, fn func([]byte)) {
	for i := skipSpace(a, 1); i < len(a)-1; i = skipSpace(a, i) {
		end := skipValue(a, i)
		fn(a[i:end:end])
		i = end
	}
}
