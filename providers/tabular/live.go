package tabular

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
)

// Pager is the API half of a live source: it fetches a platform's list
// pages in order and hands each to fn, and fails (never returns early
// without an error) when any page cannot be had. The reading half is the
// file reader's: a page is a JSON document like any export.
type Pager interface {
	Pages(ctx context.Context, fn func(LivePage) error) error
}

// LivePage is one answer of a list API.
type LivePage struct {
	// Kind is "licenses", or "products" for a catalog page that names
	// the products licenses point at by id.
	Kind   string
	Number int
	Body   []byte
}

// The kinds of live pages.
const (
	LicensesPage = "licenses"
	ProductsPage = "products"
)

// SetPager makes the source read its platform's API through p instead
// of files.
func (s *Source) SetPager(p Pager) { s.pager = p }

// DataDigest is the SHA-256 of every record a live source yielded, field
// by field, in order: what a saved plan records of the data read, so
// apply FILE can tell the platform's data moved since. It is taken over
// the records, not the answers' bytes, so a platform that orders its
// included resources differently on each request does not look changed;
// a snapshot read yields the same records and the same digest. "" until
// a live read went to the end.
func (s *Source) DataDigest() string { return s.dataSum }

// digestRecord adds one yielded record to the data digest.
func (s *Source) digestRecord(r *providers.Record) {
	buf := s.digestBuf[:0]
	for f := providers.Field(0); f < providers.NumFields; f++ {
		v, ok := r.Get(f)
		if ok {
			buf = append(buf, 1)
		} else {
			buf = append(buf, 0)
		}
		buf = append(strconv.AppendInt(buf, int64(len(v)), 10), ':')
		buf = append(buf, v...)
	}
	s.digestBuf = append(buf, '\n')
	s.digest.Write(s.digestBuf)
}

// readLive reads every page; it reports whether the read went to the
// end. Pages become records on several cores at once and are taken in
// page order (see ordered), so records arrive exactly as a
// one-page-at-a-time read would yield them.
func (s *Source) readLive(ctx context.Context, yield func(*providers.Record, error) bool) bool {
	s.report.Files = []string{license.LivePrefix + s.cfg.Name}
	s.catalog, s.related, s.digest, s.dataSum = nil, nil, sha256.New(), ""
	going, complete, err := s.ordered(ctx, func(ctx context.Context, submit func(func() pageResult) error) error {
		return s.pager.Pages(ctx, func(p LivePage) error {
			switch p.Kind {
			case ProductsPage:
				// filed at once: it comes before any license page, and every one reads it
				return s.catalogPage(s.pageLabel(p), p.Body)
			case RelatedPage:
				return s.relatedPage(s.pageLabel(p), p.Body) // likewise
			}
			return submit(func() pageResult { return s.parsePage(p) })
		})
	}, yield)
	if err != nil {
		yield(nil, fmt.Errorf("source %s: %w; nothing from it was planned", s.cfg.Name, err))
		return false
	}
	if !going || !complete {
		return false // a page that could not be read was yielded: nothing more
	}
	s.dataSum = hex.EncodeToString(s.digest.Sum(nil))
	s.reportCatalog()
	return true
}

// reportCatalog says, in the read report, that product names came from
// the platform's product list when the licenses named none themselves.
func (s *Source) reportCatalog() {
	if s.catalog == nil {
		return
	}
	for _, c := range s.report.Columns {
		if c.Field == providers.FProduct.String() {
			return
		}
	}
	s.report.Columns = append(s.report.Columns, providers.ColumnUse{Field: providers.FProduct.String(), Column: "products.name (the API's product list, by product_id)"})
}

func (s *Source) pageLabel(p LivePage) string {
	if p.Kind == RelatedPage {
		return fmt.Sprintf("%s%s related page %d", license.LivePrefix, s.cfg.Name, p.Number)
	}
	return fmt.Sprintf("%s%s page %d", license.LivePrefix, s.cfg.Name, p.Number)
}

// parsePage reads one page in a fork of the source.
func (s *Source) parsePage(p LivePage) pageResult {
	label := s.pageLabel(p)
	doc, err := jsonindex.ReadPage(label, p.Body)
	if err != nil {
		return failed(err)
	}
	return s.fork().batch(doc, label)
}

// catalogPage files product names by id from a page of products: a bare
// array of objects or a JSON:API list, each with an id and a name.
func (s *Source) catalogPage(label string, body []byte) error {
	doc, err := jsonindex.ReadPage(label, body)
	if err != nil {
		return err
	}
	if s.catalog == nil {
		s.catalog = map[string]string{}
	}
	for _, it := range doc.Items {
		var p struct {
			ID         json.RawMessage `json:"id"`
			Name       *string         `json:"name"`
			Attributes struct {
				Name *string `json:"name"`
			} `json:"attributes"`
		}
		raw, err := doc.Load(it)
		if err != nil {
			return fmt.Errorf("%s: %w", license.Position(label, it.Line), err)
		}
		if err := json.Unmarshal(raw, &p); err != nil || len(p.ID) == 0 {
			return fmt.Errorf("%s: a product without an id; expected objects with \"id\" and \"name\"", license.Position(label, it.Line))
		}
		name := p.Name
		if name == nil {
			name = p.Attributes.Name
		}
		if name != nil {
			s.catalog[jsonindex.RawScalar(p.ID)] = *name
		}
	}
	return nil
}

// nameProduct fills a record's product name from the catalog when the
// license names its product by id only (Cryptlex).
func (s *Source) nameProduct(r *providers.Record) {
	if v, _ := r.Get(providers.FProduct); v != "" {
		return
	}
	if name, ok := s.catalog[r.Value(providers.FProductID)]; ok {
		r.Put(providers.FProduct, name)
		if r.Columns != nil {
			cols := *r.Columns
			cols[providers.FProduct] = "products.name"
			r.Columns = &cols
		}
	}
}

// missingRel is how many licenses lacked one related resource.
type missingRel struct {
	n     int
	first []string
}

func (s *Source) noteMissing(rel, at string) {
	m := s.missing[rel]
	if m == nil {
		m = &missingRel{}
		s.missing[rel] = m
	}
	m.n++
	if len(m.first) < 3 {
		m.first = append(m.first, at)
	}
}

// warnMissing turns the counts into one warning per relation.
func (s *Source) warnMissing(live bool) {
	if s.spec.MissingHint == nil {
		return
	}
	for _, rel := range []string{"owner", "policy", "product"} {
		if m := s.missing[rel]; m != nil {
			s.report.Warnings = append(s.report.Warnings, s.spec.MissingHint(rel, m.n, m.first, live))
		}
	}
}

// TopMembers are the members of a JSON object, found without validating
// or decoding it: what a pager needs of a page (its links or meta) before
// the reader validates the whole page. Not an object: nil.
func TopMembers(v []byte) map[string]json.RawMessage { return jsonindex.TopMembers(v) }

// CountItems is the number of elements of a JSON array, counted without
// decoding them; -1 when v is not an array.
func CountItems(v []byte) int { return jsonindex.CountItems(v) }

// ItemIDs is the "id" of each element of a JSON array, as written
// (quotes included; nil for an element without one), found without
// decoding the elements: a live read checks with them that no record
// comes twice. ok is false when v is not an array.
func ItemIDs(v []byte) (ids [][]byte, ok bool) { return jsonindex.ItemIDs(v) }

// ResourceIDs are the ids of the resources of a JSON:API list ("data"),
// in order, read without decoding the resources; ok is false when list
// is not an array of resources with ids. It does not validate the list:
// the page's reader does.
func ResourceIDs(list []byte) (ids []string, ok bool) { return jsonindex.ResourceIDs(list) }
