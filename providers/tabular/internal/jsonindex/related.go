package jsonindex

import (
	"bytes"
	"slices"
)

// Related indexes resources read from their own list pages (a
// platform's /users, /policies and /products), which the license
// documents read after them look up when their own "included" does not
// hold a resource (see Doc.JoinRelated).
type Related struct{ inc *includes }

// NewRelated starts an empty index of related resources.
func NewRelated() *Related {
	inc := newIncludes()
	inc.unordered = true // its resources are looked up, never listed in file order
	return &Related{inc: inc}
}

// Add indexes one resource (valid JSON, as a page's read checked it);
// it keeps its own copy of raw. A later resource of the same type and id
// replaces an earlier one. When list is not nil, the resource is also an
// item of that relationship list (see StartList).
func (r *Related) Add(raw []byte, list *ListKey) error {
	if err := r.inc.index(bytes.Clone(raw), span{}); err != nil {
		return err
	}
	if list != nil {
		typ, id, _ := resourceTypeID(raw) // index read them
		r.addToList(*list, &Ref{Type: string(typ), ID: string(id)})
	}
	return nil
}

// ListKey names one resource's to-many relationship (a Keygen policy's
// entitlements) whose items a page of their own lists.
type ListKey struct{ Type, ID, Rel string }

// StartList notes that a page of the list k was read: the list is known,
// and empty until Add puts items in it (a policy with no entitlements is
// a known empty list, not an unknown one).
func (r *Related) StartList(k ListKey) { r.addToList(k, nil) }

// addToList notes that the list k holds ref (nothing, for an empty
// page); a resource listed twice (the same page given twice) is kept
// once.
func (r *Related) addToList(k ListKey, ref *Ref) {
	inc := r.inc
	if inc.lists == nil {
		inc.lists = map[ListKey][]Ref{}
	}
	l, known := inc.lists[k]
	if !known {
		l = []Ref{}
	}
	if ref != nil && !slices.Contains(l, *ref) {
		l = append(l, *ref)
	}
	inc.lists[k] = l
}

// JoinRelated makes the document's lookups fall back on r (nil: none),
// indexing its own "included" resources first.
func (d *Doc) JoinRelated(r *Related) error {
	if r == nil {
		return nil
	}
	inc, err := indexIncluded(d)
	if err != nil {
		return err
	}
	inc.fallback = r.inc
	return nil
}

// IndexIncluded indexes the document's "included" resources, once:
// before the workers reading its chunks share the index.
func (d *Doc) IndexIncluded() error {
	_, err := indexIncluded(d)
	return err
}

// AllOfTypes reports whether a JSON:API document lists only resources
// of the given types, at least one (a page of related resources, not of
// licenses). It expands a document marked for chunks: such a document
// is read whole.
func (d *Doc) AllOfTypes(types []string) bool {
	if len(types) == 0 || !d.IsJSONAPI() {
		return false
	}
	for t := range d.types { // the types the first pass saw in "data": a page of licenses needs no second look
		if !slices.Contains(types, t) {
			return false
		}
	}
	if err := d.Expand(); err != nil || len(d.Items) == 0 {
		return false
	}
	for _, it := range d.Items {
		raw, err := d.Load(it)
		if err != nil {
			return false
		}
		t, err := typeOf(raw)
		if err != nil || !slices.Contains(types, t) {
			return false
		}
	}
	return true
}

// ResourceIDs are the ids of the resources of a JSON:API list ("data"),
// in order, read without decoding the resources; ok is false when list
// is not an array of resources with ids. It does not validate the list:
// the page's reader does.
func ResourceIDs(list []byte) (ids []string, ok bool) {
	i := skipSpace(list, 0)
	if i >= len(list) || list[i] != '[' {
		return nil, false
	}
	end := skipValue(list, i)
	if end > len(list) || end <= i || list[end-1] != ']' {
		return nil, false
	}
	for j := skipSpace(list, i+1); j < end-1; j = skipSpace(list, j) {
		next := skipValue(list, j)
		if next <= j {
			return nil, false
		}
		_, id, found := skimTypeID(list[j:next])
		if !found {
			var err error
			if _, id, err = resourceTypeID(list[j:next]); err != nil {
				return nil, false
			}
		}
		if len(id) == 0 {
			return nil, false
		}
		ids = append(ids, string(id))
		j = next
	}
	return ids, true
}
