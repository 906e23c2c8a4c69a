package devices

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	pathpkg "path"
	"strings"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// pageReader reads the JSON values of one file or page body, each a
// list of devices or not, with the line of each item.
type pageReader struct {
	spec  Spec
	shown string
	dec   *json.Decoder
	ln    *lines
	// named says the file's name is a device page's (namedPage), which
	// makes an empty list one.
	named bool
}

// newPageReader reads r; same is the same bytes again, for lines. Both
// are decoded as the license reader decodes a file (decoded), so the two
// readers agree on whose a file is and lines count the same.
func newPageReader(spec Spec, r, same io.Reader, shown string) *pageReader {
	return &pageReader{spec: spec, shown: shown, dec: json.NewDecoder(decoded(r)),
		ln: &lines{r: decoded(same), line: 1}}
}

// decoded buffers r as UTF-8, by its byte-order mark as the license
// reader reads an export (tabular.OpenFile): a UTF-8 one (a file saved on
// Windows) is skipped, a UTF-16 one (Windows' "Unicode" text, either
// byte order) decodes the rest; without one the bytes are UTF-8.
func decoded(r io.Reader) *bufio.Reader {
	b := bufio.NewReader(r)
	head, _ := b.Peek(3)
	switch {
	case bytes.HasPrefix(head, []byte("\ufeff")):
		b.Discard(3)
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		return bufio.NewReader(transform.NewReader(b, unicode.BOMOverride(dec)))
	}
	return b
}

// page is one JSON value read as a page of devices.
type page struct {
	line int
	// devices says its list's first item is a device, or, for an empty
	// list, that the page says it is one of devices (declared).
	devices bool
	// empty says its list holds no item, so its items cannot tell.
	empty       bool
	items       []Device
	links, meta json.RawMessage
}

// next reads the next JSON value: a bare array, or an object whose
// "data" is an array, beside its "links" and "meta". It is a page of
// devices when its first item is one; until that is known, whatever the
// value holds (not JSON, not a list, an item of another kind) only says
// it is not (the license reader reports what is wrong with it), except
// an object that is itself a device, refused (alone). peek stops at the
// first item.
func (r *pageReader) next(peek bool) (page, error) {
	pg := page{line: r.ln.at(r.dec.InputOffset())}
	tok, err := r.dec.Token()
	if err != nil {
		return pg, nil
	}
	if tok == json.Delim('[') {
		err := r.items(&pg, peek)
		r.declared(&pg)
		return pg, err
	}
	if tok != json.Delim('{') {
		return pg, nil
	}
	var lone loneObject
	for r.dec.More() {
		key, err := r.dec.Token()
		if err != nil {
			return pg, r.broken(&pg, err)
		}
		var raw json.RawMessage
		switch {
		case key == "data" && pg.devices:
			return pg, fmt.Errorf("%s:%d: the page of %s holds \"data\" twice; a page names each member once (two pages pasted into one?): export the page again", r.shown, pg.line, r.spec.Noun)
		case key == "data":
			if tok, err := r.dec.Token(); err != nil || tok != json.Delim('[') {
				return pg, r.broken(&pg, fmt.Errorf("data is not a list"))
			}
			if err := r.items(&pg, peek); err != nil || !(pg.devices || pg.empty) || (pg.devices && peek) {
				return pg, err
			}
		case r.dec.Decode(&raw) != nil:
			return pg, r.broken(&pg, fmt.Errorf("member %v does not parse", key))
		case key == "links":
			pg.links = raw
		case key == "meta":
			pg.meta = raw
		}
		lone.add(key, raw)
	}
	if _, err := r.dec.Token(); err != nil {
		return pg, r.broken(&pg, err)
	}
	r.declared(&pg)
	return pg, r.alone(&pg, &lone)
}

// declared makes an empty list a page of devices where the page says it
// is one, its items being none to tell by: its file's name is a device
// page's (r.named), or its JSON:API links.self names the platform's
// device list. Any other empty list stays the license reader's.
func (r *pageReader) declared(pg *page) {
	if pg.empty && (r.named || selfNames(pg.links, r.spec.Path)) {
		pg.devices = true
	}
}

// selfNames reports whether a JSON:API page's links.self is a URL of the
// list at path (its last segment: Keygen's self is the request's path,
// /v1/accounts/<account>/machines?page[...]).
func selfNames(links json.RawMessage, path string) bool {
	var l struct {
		Self string `json:"self"`
	}
	want := strings.Trim(path, "/")
	if want == "" || json.Unmarshal(links, &l) != nil {
		return false
	}
	u, err := url.Parse(l.Self)
	return err == nil && pathpkg.Base(u.Path) == want
}

// broken is a value that stopped parsing: not a page of devices unless
// its first item was one, in which case the page is refused.
func (r *pageReader) broken(pg *page, err error) error {
	if !pg.devices {
		return nil
	}
	return fmt.Errorf("%s:%d: the page of %s does not parse: %w; export the page again", r.shown, pg.line, r.spec.Noun, err)
}

// items reads a list's items into pg, once its "[" is read: none when
// its first item is not a device; every one, and the list's "]", when
// it is (unless peek).
func (r *pageReader) items(pg *page, peek bool) error {
	for n := 1; r.dec.More(); n++ {
		line := r.ln.at(r.dec.InputOffset())
		var item json.RawMessage
		if err := r.dec.Decode(&item); err != nil {
			return r.broken(pg, fmt.Errorf("%s item %d (line %d): %w", r.spec.Noun, n, line, err))
		}
		d, ok, err := r.spec.Decode(item)
		switch {
		case err != nil:
			return fmt.Errorf("%s:%d: %s item %d %w", r.shown, line, r.spec.Noun, n, err)
		case !ok && n == 1:
			return nil // a list of something else
		case !ok:
			return fmt.Errorf("%s:%d: item %d is not one of the %s the page starts with; a page holds one kind of resource", r.shown, line, n, r.spec.Noun)
		}
		pg.devices = true
		if peek {
			return nil
		}
		d.Where = fmt.Sprintf("%s:%d", r.shown, line)
		pg.items = append(pg.items, d)
	}
	if _, err := r.dec.Token(); err != nil {
		return r.broken(pg, fmt.Errorf("the list does not end: %w", err))
	}
	pg.empty = !pg.devices
	return nil
}

// lines counts the lines of a file up to a decoder's offsets, read
// once beside the decoder, so each item's line costs what lies before it.
type lines struct {
	r    *bufio.Reader
	off  int64
	line int
}

// at is the line of the first value at or after byte offset to:
// whitespace and the comma between items are skipped.
func (l *lines) at(to int64) int {
	for l.off < to {
		b, err := l.r.ReadByte()
		if err != nil {
			return l.line
		}
		l.off++
		if b == '\n' {
			l.line++
		}
	}
	for {
		b, err := l.r.Peek(1)
		if err != nil || !strings.ContainsRune(" \t\r\n,", rune(b[0])) {
			return l.line
		}
		if b[0] == '\n' {
			l.line++
		}
		l.r.ReadByte()
		l.off++
	}
}
