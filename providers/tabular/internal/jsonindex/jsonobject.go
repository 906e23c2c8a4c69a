package jsonindex

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/licentric/licentric-sync/license"
)

// The first pass over a top-level object: a JSON:API document (its
// "data" and "included" lists indexed, its other members kept), a
// webhook envelope, an error document or a single license.

// object walks a top-level object member by member: "data" and
// "included" lists are indexed, not held; anything else is small and
// kept. An object without "data" is one license.
func (s *streamer) object(start int64) error {
	if err := s.tok.delim(); err != nil {
		return err
	}
	top := map[string]json.RawMessage{}
	kept := 0 // bytes of the members kept in top
	page, hasData, dataList := Page{Line: s.lines.line(start)}, false, false
	included := newIncludes()                           // kept only if the object turns out to be a document
	included.src = s.doc.src                            // a duplicate type/id is told from a hash collision by reading it back
	seen, repeated := map[string]bool{}, (*string)(nil) // a repeated member is refused once the object proved valid, as read whole
	for sep := byte(0); s.tok.more(); sep = ',' {
		key, err := s.tok.key(sep)
		if err != nil {
			return err
		}
		if seen[key] && repeated == nil {
			repeated = &key
		}
		seen[key] = true
		at, c, err := s.peek()
		if err != nil { // only separators left: the reader says which is wrong
			_, err := s.tok.value(':')
			return cmp.Or(err, s.syntax(io.ErrUnexpectedEOF))
		}
		switch {
		case key == "data" && c == '[':
			hasData, dataList = true, true
			if page.Items, err = s.items(nil); err != nil {
				return err
			}
		case key == "included" && c == '[':
			included.spans.reserve(page.Items, (s.size-at)/minIncluded) // as many owners as licenses, usually
			if _, err := s.items(included); err != nil {
				return err
			}
		default:
			raw, err := s.tok.value(':')
			if err != nil {
				return err
			}
			raw = slices.Clone(raw) // kept: the reader reuses its buffer
			if kept += len(raw); kept > MaxValueBytes {
				return s.tooLarge(start)
			}
			top[key] = raw
			if key == "data" {
				if err := s.unmark(); err != nil {
					return err
				}
				hasData = true
				s.doc.noteType(raw)
				s.doc.Items = append(s.doc.Items, s.doc.hold(raw, s.lines.line(at)))
			}
		}
	}
	if err := s.tok.delim(); err != nil {
		return err
	}
	if repeated != nil {
		return repeatedMember(license.Position(s.path, s.lines.line(start)), *repeated)
	}
	end := s.off()
	if hasData {
		s.doc.inc.absorb(included)
	}
	return s.file(top, page, start, end, hasData, dataList)
}

// file records what an object turned out to be.
func (s *streamer) file(top map[string]json.RawMessage, page Page, start, end int64, hasData, dataList bool) error {
	if errs, ok := top["errors"]; ok && !hasData {
		return fmt.Errorf("%s:%d: an error document, not licenses (%s): the export saved an API error (a 401 or a 429?); export again",
			s.path, s.lines.line(start), errorSummary(errs))
	}
	if !hasData {
		if err := s.unmark(); err != nil {
			return err
		}
		s.doc.types = nil // an item whose type was not seen: licenseResources looks at each
		s.doc.Items = append(s.doc.Items, Item{Line: s.lines.line(start), at: span{off: start, n: end - start}})
		return nil
	}
	if data, ok := top["data"]; ok && !dataList {
		switch firstByte(data) {
		case '{':
			if payload, ok := webhookPayload(data); ok {
				s.doc.Items, s.doc.held = s.doc.Items[:len(s.doc.Items)-1], s.doc.held[:len(s.doc.held)-1]
				s.doc.types = nil
				sub := &jsonReader{path: s.path, data: payload, doc: s.doc, fixedLine: page.Line}
				if err := sub.values(); err != nil {
					return err
				}
			}
		default:
			return fmt.Errorf(`%s:%d: "data" is a JSON %s; expected a list of licenses or one license object`, s.path, page.Line, kindOf(data))
		}
	}
	if dataList {
		page.Links, page.Meta = top["links"], top["meta"]
		s.doc.Pages = append(s.doc.Pages, page)
	}
	for k, v := range top {
		if k != "data" {
			s.doc.Top[k] = v
		}
	}
	return nil
}
