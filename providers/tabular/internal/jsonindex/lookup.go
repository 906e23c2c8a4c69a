package jsonindex

import (
	"encoding/json"
	"strings"
	"sync"
)

// Lookup finds included resources for one reader at a time, reusing one
// buffer for those it reads from the file (a million owners, each read
// once): a resource it returns is valid until its next Get.
type Lookup struct {
	inc *includes
	win *readWindow
	// err is the first resource that could not be read back (the file
	// failed or changed): EachResource ends the read with it, so it never
	// passes for a resource the document does not hold.
	err error
}

// Err is the first read error of a Get: a resource that Get reported
// not found may only have been unreadable.
func (l *Lookup) Err() error { return l.err }

// Lookup starts a reader's lookups.
func (inc *includes) newLookup() *Lookup { return inc.lookup(new(readWindow)) }

// lookup starts lookups that read through w and make their strings in
// text (nil: one allocation each).
func (inc *includes) lookup(w *readWindow) *Lookup {
	return &Lookup{inc: inc, win: w}
}

// List returns the items a relationship list's own pages gave for k
// (see Related.StartList); ok is false when no such page was read.
func (l *Lookup) List(k ListKey) ([]Ref, bool) {
	for inc := l.inc; inc != nil; inc = inc.fallback {
		if list, ok := inc.lists[k]; ok {
			return list, true
		}
	}
	return nil, false
}

// Get returns the included resource typ/id, valid until the next Get.
func (l *Lookup) Get(typ, id string) (Resource, bool) {
	r, ok, err := l.inc.get(typ, id, l.win)
	if err != nil && l.err == nil {
		l.err = err
	}
	return r, ok
}

func (inc *includes) get(typ, id string, w *readWindow) (Resource, bool, error) {
	r, ok, err := inc.own(typ, id, w)
	if !ok && err == nil && inc.fallback != nil {
		return inc.fallback.get(typ, id, nil)
	}
	return r, ok, err
}

// own finds typ/id among the document's own included resources.
func (inc *includes) own(typ, id string, w *readWindow) (Resource, bool, error) {
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
func (inc *includes) find(typ, id string, w *readWindow) (Resource, bool, error) {
	if len(inc.raw) > 0 {
		if raw, ok := inc.raw[typ+"/"+id]; ok {
			r, err := decodeJSONResource(raw)
			return r, err == nil, nil
		}
	}
	var r Resource
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
		return Resource{}, false, bad
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
