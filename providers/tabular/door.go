package tabular

import (
	"errors"
	"fmt"
	"strings"

	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
)

// Licenses is a JSON:API document as a platform's reader sees it: the
// door to the streaming index (internal/jsonindex: two passes, marks,
// span table, read windows), which stays behind it. A reader asks for
// each license resource and resolves its relationships, decoding
// attributes into structs with encoding/json tags; it never sees where a
// resource lies.
type Licenses struct {
	doc  *jsonindex.Doc
	file string
	// walks, when set, is a document-less Licenses asking which type
	// the reader walks (see licenseType): Each notes it there and
	// walks nothing.
	walks *string
}

// File is the document's file (or page label), for the records' File.
func (ls *Licenses) File() string { return ls.file }

// Each calls fn with each license resource of type typ (those in "data",
// or in "included" when "data" holds none), in document order. A page
// holding no such resource, a "data" holding one beside any other item
// (before the walk starts: the page is read whole or not at all), a
// resource that is not a JSON:API object, or a file that could not be
// read back ends the walk with an error naming the file and line.
func (ls *Licenses) Each(typ string, fn func(l *License)) error {
	if ls.walks != nil {
		*ls.walks = typ
		return errTypeNoted
	}
	l := new(License) // one for the walk: a license is valid during fn
	return ls.doc.EachResource(ls.file, typ, func(res *jsonindex.Resource, look *jsonindex.Lookup, line int) error {
		*l = License{ID: res.ID, Line: line, res: res, look: look}
		fn(l)
		return l.err
	})
}

// errTypeNoted ends a reader's walk of a document-less Licenses.
var errTypeNoted = errors.New("the license type is noted; there is no document to walk")

// licenseType is the resource type the platform's JSON reader walks (the
// type it gives Each), asked of the reader with a document-less
// Licenses; "" when it walks none.
func (s *Source) licenseType() string {
	var typ string
	_ = s.spec.JSON(&Licenses{walks: &typ}, Output{Emit: func(*providers.Record) {}, Warn: func(string) {},
		Missing: func(string, string) {}, Reject: func(int, error) {}, OwnersOptional: s.cfg.OwnersOptional})
	return typ
}

// License is one license resource handed to a reader's fn. It is valid
// during that call; what Decode and Resolve fill is the caller's to keep.
type License struct {
	ID   string
	Line int
	res  *jsonindex.Resource
	look *jsonindex.Lookup
	// err is the first related resource that did not decode: it ends
	// the walk at this license.
	err error
}

// Decode fills v, a pointer to a struct whose fields are tagged as for
// encoding/json, from the license's attributes (see decodeAttrs).
func (l *License) Decode(v any) error { return decodeAttrs(l.res, v) }

// Linkage is the (type, id) a relationship names.
type Linkage struct{ Type, ID string }

// Related returns the (type, id) a to-one relationship names, if any;
// an error when relationships.<rel> is not an object or its data is not
// null or {type, id} strings.
func (l *License) Related(rel string) (Linkage, bool, error) {
	typ, id, ok, err := l.res.Related(rel)
	if err != nil {
		return Linkage{}, false, fmt.Errorf("license %s: relationships.%s: %w; a linkage is {\"data\": null} or {\"data\": {\"type\": \"…\", \"id\": \"…\"}} with strings: export the licenses again as the API answers them", l.ID, rel, err)
	}
	return Linkage{Type: typ, ID: id}, ok, nil
}

// RelatedList returns the linkages of a to-many relationship; ok is
// false when it is absent or gives only links, an error when its data
// is not a list of {type, id}.
func (l *License) RelatedList(rel string) ([]Linkage, bool, error) {
	refs, ok, err := l.res.RelatedList(rel)
	return linkages(refs), ok, err
}

// linkages are the index's references as the door hands them on.
func linkages(refs []jsonindex.Ref) []Linkage {
	if refs == nil {
		return nil
	}
	out := make([]Linkage, len(refs))
	for i, r := range refs {
		out[i] = Linkage(r)
	}
	return out
}

// ListOf returns what owner's to-many relationship rel holds as a page
// of its own listed it (a Keygen policy's entitlements, read from
// /policies/{id}/entitlements beside the licenses); ok is false when no
// such page was read, true with an empty list when one said none.
func (l *License) ListOf(owner Linkage, rel string) ([]Linkage, bool) {
	refs, ok := l.look.List(jsonindex.ListKey{Type: owner.Type, ID: owner.ID, Rel: rel})
	return linkages(refs), ok
}

// Resolve fills v (as Decode does) from the attributes of the resource
// ref names, found in the document's "included" or in the list pages
// read beside it, and reports whether either holds it. A related
// resource that does not decode into v ends the walk (Each returns the
// error at this license's line), as one that cannot be read back does.
func (l *License) Resolve(ref Linkage, v any) (found bool) {
	r, ok := l.look.Get(ref.Type, ref.ID)
	if !ok {
		return false
	}
	if err := decodeAttrs(&r, v); err != nil && l.err == nil {
		l.err = fmt.Errorf("%s %s: %w", ref.Type, ref.ID, err)
	}
	return true
}

// Cell is an attribute read as a record cell: Text as a CSV cell holds
// it (null is "", a string its text, a number or boolean as written, an
// object or array as canonical JSON); Set says the attribute is present,
// Null that it is JSON null. Readers take attributes as cells because a
// platform's export is not trusted to type them (an expiry given as a
// number is kept as written, for the mapping to judge).
type Cell struct {
	Text string
	Set  bool
	Null bool
}

// UnmarshalJSON makes a Cell from any JSON value, so a struct of cells
// decodes alike through Decode and through encoding/json.
func (c *Cell) UnmarshalJSON(b []byte) error {
	*c = Cell{Text: jsonindex.RawScalar(b), Set: true, Null: jsonindex.IsNull(b)}
	return nil
}

// Is reports whether the cell equals want ignoring case.
func (c Cell) Is(want string) bool { return strings.EqualFold(c.Text, want) }

// CellTo is a cell bound for a record field.
type CellTo struct {
	Cell  Cell
	Field providers.Field
}

// PutCells puts each cell that is set into its field of r, as written: a
// reader takes most attributes so, and those absent leave their field
// alone.
func PutCells(r *providers.Record, cells ...CellTo) {
	for _, c := range cells {
		if c.Cell.Set {
			r.Put(c.Field, c.Cell.Text)
		}
	}
}

// To binds the cell for a field (see PutCells).
func (c Cell) To(f providers.Field) CellTo { return CellTo{Cell: c, Field: f} }
