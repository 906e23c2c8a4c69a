package tabular

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strconv"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
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
func (s *Source) SetPager(p Pager) { s.pager, s.sem = p, make(chan struct{}, liveWorkers) }

// Live reports whether the source reads an API.
func (s *Source) Live() bool { return s.pager != nil }

// errStopped ends paging when the consumer stopped reading records.
var errStopped = errors.New("stopped")

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
// end. Pages become records on several cores at once (each page in a
// fork of the source, see parsePage), and the results are taken in page
// order, so records arrive exactly as a one-page-at-a-time read would
// yield them; only the data digest and the merged report are kept here.
func (s *Source) readLive(ctx context.Context, yield func(*providers.Record, error) bool) bool {
	s.report.Files = []string{license.LivePrefix + s.cfg.Name}
	s.catalog, s.digest, s.dataSum = nil, sha256.New(), ""
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	order := make(chan chan pageResult, liveWorkers+1) // results, in page order
	var err error
	go func() {
		defer close(order)
		err = s.pager.Pages(ctx, func(p LivePage) error { return s.dispatch(ctx, p, order) })
	}()
	stopped := false
	for res := range order {
		r := <-res
		if stopped {
			continue // drain: let the pager and the workers end
		}
		if !s.take(r, yield) {
			stopped = true
			cancel()
		}
	}
	switch { // err is the paging goroutine's, final once order is closed
	case stopped || errors.Is(err, errStopped):
		return false
	case err != nil:
		yield(nil, fmt.Errorf("source %s: %w; nothing from it was planned", s.cfg.Name, err))
		return false
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

// liveWorkers is how many pages are turned into records at once.
var liveWorkers = max(2, runtime.GOMAXPROCS(0))

// pageResult is what one page yields, and what its fork saw.
type pageResult struct {
	items   []recordOrError
	report  providers.ReadReport
	missing map[string]*missingRel
	stop    bool // an error that ends the read is among items
}

// recordOrError is one item a page yields.
type recordOrError struct {
	rec *providers.Record
	err error
}

// dispatch starts one page's parsing and queues its result in order. A
// catalog page is filed at once: it comes before any license page, and
// every license page reads it.
func (s *Source) dispatch(ctx context.Context, p LivePage, order chan<- chan pageResult) error {
	if p.Kind == ProductsPage {
		return s.catalogPage(s.pageLabel(p), p.Body)
	}
	res := make(chan pageResult, 1)
	select {
	case order <- res:
	case <-ctx.Done():
		return ctx.Err()
	}
	s.sem <- struct{}{}
	go func() {
		defer func() { <-s.sem }()
		res <- s.parsePage(p)
	}()
	return nil
}

func (s *Source) pageLabel(p LivePage) string {
	return fmt.Sprintf("%s%s page %d", license.LivePrefix, s.cfg.Name, p.Number)
}

// parsePage reads one page in a fork of the source: the same spec and
// catalog (read only by now), its own report and missing counts, which
// take merges in order.
func (s *Source) parsePage(p LivePage) pageResult {
	f := &Source{cfg: s.cfg, dir: s.dir, spec: s.spec, catalog: s.catalog,
		report: providers.ReadReport{Skipped: map[string]int{}}, missing: map[string]*missingRel{}}
	label := s.pageLabel(p)
	doc, err := ReadJSONPage(label, p.Body)
	if err != nil {
		return pageResult{items: []recordOrError{{err: err}}, stop: true}
	}
	var r pageResult
	going := f.readDoc(doc, label, func(rec *providers.Record, err error) bool {
		r.items = append(r.items, recordOrError{rec, err})
		var rowErr *providers.RowError
		return err == nil || errors.As(err, &rowErr)
	})
	r.report, r.missing, r.stop = f.report, f.missing, !going
	return r
}

// take merges one page's report and yields its records in order.
func (s *Source) take(r pageResult, yield func(*providers.Record, error) bool) bool {
	s.report.Rows += r.report.Rows
	s.report.Warnings = append(s.report.Warnings, r.report.Warnings...)
	if s.report.Format == "" {
		s.report.Format = r.report.Format
	}
	if s.report.Columns == nil && r.report.Columns != nil {
		s.report.Columns, s.report.Unused = r.report.Columns, r.report.Unused
	}
	for rel, m := range r.missing {
		t := s.missing[rel]
		if t == nil {
			t = &missingRel{}
			s.missing[rel] = t
		}
		t.n += m.n
		for _, at := range m.first {
			if len(t.first) < 3 {
				t.first = append(t.first, at)
			}
		}
	}
	for _, it := range r.items {
		if it.rec != nil {
			s.digestRecord(it.rec)
		}
		if !yield(it.rec, it.err) {
			return false
		}
	}
	return !r.stop
}

// catalogPage files product names by id from a page of products: a bare
// array of objects or a JSON:API list, each with an id and a name.
func (s *Source) catalogPage(label string, body []byte) error {
	doc, err := ReadJSONPage(label, body)
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
		if err := json.Unmarshal(it.Raw, &p); err != nil || len(p.ID) == 0 {
			return fmt.Errorf("%s: a product without an id; expected objects with \"id\" and \"name\"", license.Position(label, it.Line))
		}
		name := p.Name
		if name == nil {
			name = p.Attributes.Name
		}
		if name != nil {
			s.catalog[rawScalar(p.ID)] = *name
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
