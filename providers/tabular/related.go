package tabular

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
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

// fileRelated files the items of a page of related resources.
func (s *Source) fileRelated(doc *jsonindex.Doc, label string) error {
	if err := doc.Expand(); err != nil {
		return fmt.Errorf("%s: %w", label, err)
	}
	if s.related == nil {
		s.related = jsonindex.NewRelated()
	}
	list, isList, err := s.listOwner(doc, label)
	if err != nil {
		return err
	}
	if isList {
		s.related.StartList(list.index())
	}
	for _, it := range doc.Items {
		raw, err := doc.Load(it)
		if err != nil {
			return fmt.Errorf("%s: %w", license.Position(label, it.Line), err)
		}
		var inList *jsonindex.ListKey
		if isList {
			k := list.index()
			inList = &k
		}
		if err := s.related.Add(raw, inList); err != nil {
			return fmt.Errorf("%s: %w", license.Position(label, it.Line), err)
		}
	}
	return nil
}

// relatedPage files a live page of related resources.
func (s *Source) relatedPage(label string, body []byte) error {
	doc, err := jsonindex.ReadPage(label, body)
	if err != nil {
		return err
	}
	if err := doc.Expand(); err != nil {
		return fmt.Errorf("%s: %w", label, err)
	}
	if len(doc.Items) > 0 && !doc.AllOfTypes(s.spec.Related) {
		return fmt.Errorf("%s: expected a list of %s", label, strings.Join(s.spec.Related, ", "))
	}
	return s.fileRelated(doc, label)
}

// isEmptyList reports whether a JSON:API document is an empty page of a
// relationship list (a policy that grants no entitlements), which holds
// no resource to tell it from an empty page of licenses.
func (s *Source) isEmptyList(doc *jsonindex.Doc, label string) bool {
	if doc.Expand() != nil || len(doc.Items) > 0 || !doc.IsJSONAPI() {
		return false
	}
	_, ok, err := s.listOwner(doc, label)
	return ok && err == nil
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
	o, err := s.openDigested(path, display)
	if err != nil {
		return false, err
	}
	defer o.Close()
	if o.Format != JSON {
		return false, nil
	}
	doc, err := jsonindex.Read(o.input())
	if err != nil || !doc.AllOfTypes(s.spec.Related) && !s.isEmptyList(doc, o.Path) {
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
