package tabular

import (
	"encoding/json"

	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
)

// PageProof proves the pages of a list other than licenses whole, as
// the license pages of a dump are (pagechain.go): a reader of another
// list in the same glob (a platform's device pages) files what each of
// its pages says of its list, then checks that every list is whole. The
// messages count the list's own items (noun), not licenses.
type PageProof struct{ set pageSet }

// NewPageProof starts a proof of the pages of lists of noun (singular:
// "instance").
func NewPageProof(noun string) *PageProof { return &PageProof{set: pageSet{noun: noun}} }

// Add files what one page says of its list: the page is at file:line,
// holds items items, and has these top-level "links" and "meta" as
// written (nil when absent).
func (p *PageProof) Add(file string, line, items int, links, meta json.RawMessage) {
	p.set.add(jsonindex.Page{Line: line, Links: links, Meta: meta, Items: items}, file)
}

// Check reports the first list whose pages are not whole (a page twice,
// a count the pages do not hold, a link to a page not given, no or two
// last pages), saying what is missing and how to fix it; nil when every
// list is whole.
func (p *PageProof) Check() error { return p.set.check() }
