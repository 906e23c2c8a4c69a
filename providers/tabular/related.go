package tabular

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/licentric/licentric-sync/license"
)

// Related resources read from their own list pages. A platform whose
// license list names its owners, policies and products only by id
// (Keygen: its API has no include) is joined from the pages of those
// resources: the /users, /policies and /products pages of a dump given
// beside the licenses, or the lists a live read fetches first. They are
// indexed once per read and every license page looks them up after its
// own "included" (a dump someone assembled may still carry one).
//
// These pages are not licenses, so they take no part in the page-set
// checks of the licenses: a license that names a resource they do not
// hold is a row error of its own (see Output.Reject), which is what an
// incomplete user list would cost.

// RelatedPage is the kind of a live page of related resources (a
// platform's /users, /policies or /products list), delivered before the
// first licenses page.
const RelatedPage = "related"

// relatedIndex is a fresh index of related resources.
func relatedIndex() *includes {
	inc := newIncludes()
	inc.unordered = true
	return inc
}

// fileRelated files the items of a page of related resources.
func (s *Source) fileRelated(doc *jsonDoc, label string) error {
	if err := doc.expand(); err != nil {
		return fmt.Errorf("%s: %w", label, err)
	}
	if s.related == nil {
		s.related = relatedIndex()
	}
	list, isList, err := s.listOwner(doc, label)
	if err != nil {
		return err
	}
	if isList {
		s.related.addToList(list, nil)
	}
	for _, it := range doc.Items {
		raw, err := doc.Load(it)
		if err != nil {
			return fmt.Errorf("%s: %w", license.Position(label, it.Line), err)
		}
		if err := s.related.index(bytes.Clone(raw), span{}); err != nil {
			return fmt.Errorf("%s: %w", license.Position(label, it.Line), err)
		}
		if isList {
			typ, id, _ := resourceTypeID(raw) // index read them
			s.related.addToList(list, &Linkage{Type: string(typ), ID: string(id)})
		}
	}
	return nil
}

// relatedPage files a live page of related resources.
func (s *Source) relatedPage(label string, body []byte) error {
	doc, err := readJSONPage(label, body)
	if err != nil {
		return err
	}
	if err := doc.expand(); err != nil {
		return fmt.Errorf("%s: %w", label, err)
	}
	if len(doc.Items) > 0 && !s.isRelated(doc) {
		return fmt.Errorf("%s: expected a list of %s", label, strings.Join(s.spec.Related, ", "))
	}
	return s.fileRelated(doc, label)
}

// isRelated reports whether a JSON:API document lists only related
// resources (users, policies, products), at least one.
func (s *Source) isRelated(doc *jsonDoc) bool {
	if len(s.spec.Related) == 0 || !isJSONAPI(doc) {
		return false
	}
	for t := range doc.types { // the types the first pass saw in "data": a page of licenses needs no second look
		if !slices.Contains(s.spec.Related, t) {
			return false
		}
	}
	if err := doc.expand(); err != nil || len(doc.Items) == 0 {
		return false
	}
	for _, it := range doc.Items {
		raw, err := doc.Load(it)
		if err != nil {
			return false
		}
		t, err := typeOf(raw)
		if err != nil || !slices.Contains(s.spec.Related, t) {
			return false
		}
	}
	return true
}

// isEmptyList reports whether a JSON:API document is an empty page of a
// relationship list (a policy that grants no entitlements), which holds
// no resource to tell it from an empty page of licenses.
func (s *Source) isEmptyList(doc *jsonDoc, label string) bool {
	if doc.expand() != nil || len(doc.Items) > 0 || !isJSONAPI(doc) {
		return false
	}
	_, ok, err := s.listOwner(doc, label)
	return ok && err == nil
}

// joinRelated makes a license document's lookups fall back on the
// related resources read from their own pages.
func (s *Source) joinRelated(doc *jsonDoc) error {
	if s.related == nil {
		return nil
	}
	inc, err := indexIncluded(doc)
	if err != nil {
		return err
	}
	if inc.fallback != s.related {
		inc.fallback = s.related
	}
	return nil
}

// readRelatedFiles reads the files of the glob that hold related
// resources, before any licenses, and returns the others in glob order.
// A file whose first bytes show it is a page of licenses is not opened
// here; any other JSON file is read to see what it holds.
func (s *Source) readRelatedFiles(files []string) ([]string, error) {
	s.related = nil
	if len(s.spec.Related) == 0 {
		return files, nil
	}
	var rest []string
	for _, f := range files {
		related, err := s.readIfRelated(f)
		if err != nil {
			return nil, err
		}
		if !related {
			rest = append(rest, f)
		}
	}
	return rest, nil
}

// readIfRelated files path's resources when it is a page of related
// resources, and reports whether it was.
func (s *Source) readIfRelated(path string) (bool, error) {
	if !isJSONFile(path) || surelyLicenses(path) {
		return false, nil
	}
	display := s.Display(path)
	o, err := OpenFile(path, display)
	if err != nil {
		return false, err
	}
	defer o.Close()
	if o.Format != JSON {
		return false, nil
	}
	doc, err := readJSONDoc(o)
	if err != nil || !s.isRelated(doc) && !s.isEmptyList(doc, o.Path) {
		return false, nil // read again, and reported, as licenses
	}
	s.report.Files = append(s.report.Files, display)
	return true, s.fileRelated(doc, o.Path)
}

// licensesHead matches a JSON:API page whose first resource is a
// license, as Keygen writes one: {"data":[{"id":"…","type":"licenses".
var licensesHead = regexp.MustCompile(`^\{\s*"data"\s*:\s*\[\s*\{\s*(?:"id"\s*:\s*"[^"\\]*"\s*,\s*)?"type"\s*:\s*"licenses"`)

// surelyLicenses reports whether a file's first bytes show a page of
// licenses, so that a large license dump is not read twice.
func surelyLicenses(path string) bool { return licensesHead.Match(fileHead(path, 1024)) }

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
