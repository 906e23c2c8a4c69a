package jsonindex

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
)

// A plain UTF-8 JSON file is read in two passes instead of whole: the
// first walks it with a decoder, validating it and noting where each
// license item and each included resource lies; the second (the
// platform reader) loads each from the file when it needs it. A dump
// then costs its index, not its size, in memory.

// span is where a JSON value lies in a file.
type span struct{ off, n int64 }

// streamer is the first pass over one file.
type streamer struct {
	size int64 // of the section read
	// itemsHint is SizeHint's license count for the file, which sizes an
	// item list before it is read.
	itemsHint int
	path      string
	// br feeds the decoder; a decoder restarted at decBase was first fed
	// prefixLen bytes that are not in the file (see restart).
	br                 *bufio.Reader
	decBase, prefixLen int64
	dec                *json.Decoder
	doc                *Doc
	lines              lineCounter
	// notResource is the first included item that is not a resource,
	// reported once the file proved valid JSON, as read whole.
	notResource error
	// ctx is looked at every checkEvery items: Ctrl-C ends the walk of
	// a gigabyte dump within a second.
	ctx context.Context
}

// checkEvery is how often (in items) the first pass looks at its context.
const checkEvery = 1024

// minReservedItem bounds the item list reserved from a count before the
// file is read: one item per 128 bytes of file (a license resource is
// several hundred), so a file of nothing but "key" strings reserves at
// most about a third of its size; items past it grow the list as they
// come.
const minReservedItem = 128

// minIncluded bounds the included table reserved from a page's license
// count: the rest of the file holds at most one resource per 32 bytes
// ({"type":"users","id":"1"} is 25), so the table (16 bytes an entry)
// never reserves more than half of what is left to read.
const minIncluded = 32

// readJSONStream indexes the file and returns a document whose items and
// included resources are loaded on demand.
func readJSONStream(in Input) (*Doc, error) {
	st, err := in.File.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Path, err)
	}
	var at io.ReaderAt = in.File
	if in.At != nil {
		at = in.At
	}
	sec := io.NewSectionReader(at, in.Base, st.Size()-in.Base) // the file's reader (plain UTF-8 when streamed) lends its buffer: only the sniffing used it
	s := newStreamer(in.Ctx, in.Path, in.Reader, sec, st.Size()-in.Base)
	s.doc.file, s.doc.stamp, s.itemsHint = in.File, stampOf(st), in.ItemsHint
	return s.walk()
}

// newStreamer starts the first pass over size bytes of src, read
// through br (reset to read src from its start).
func newStreamer(ctx context.Context, path string, br *bufio.Reader, src io.ReaderAt, size int64) *streamer {
	if ctx == nil {
		ctx = context.Background()
	}
	br.Reset(io.NewSectionReader(src, 0, size))
	s := &streamer{br: br, size: size, path: path, ctx: ctx, lines: lineCounter{r: src},
		doc: &Doc{Top: map[string]json.RawMessage{}, src: src, inc: newIncludes()}}
	s.dec = json.NewDecoder(&capReader{r: br, at: s.off})
	s.doc.inc.src = src
	return s
}

// walk indexes every top-level value.
func (s *streamer) walk() (*Doc, error) {
	for {
		start, c, gap, err := s.peekAt(true)
		if err == io.EOF && s.notResource != nil {
			return nil, s.notResource
		}
		if err == io.EOF {
			return s.doc, s.finish()
		}
		if err != nil {
			return nil, err
		}
		if gap.commas > 0 { // the decoder would refuse them: restart it past them
			if err := s.restart(start, false, afterList); err != nil {
				return nil, err
			}
		}
		if err := s.topValue(start, c); err != nil {
			return nil, err
		}
	}
}

// peek returns the offset and first byte of the next value, skipping
// spaces and the separators the decoder leaves in an object (: and ,).
func (s *streamer) peek() (int64, byte, error) {
	at, c, _, err := s.peekAt(false)
	return at, c, err
}

// peekAt is peek; between top-level values (top) spaces and commas are
// skipped, as reading whole does (`{…},\n{…}` is a common near-JSON-Lines
// shape), but a colon is not JSON there, and the decoder says so. gap
// counts the separators skipped.
func (s *streamer) peekAt(top bool) (at int64, c byte, gap separators, err error) {
	return s.peekFrom(s.off(), top)
}

// separators counts the commas and colons between two values.
type separators struct{ commas, colons int }

// peekFrom is peekAt from offset off.
func (s *streamer) peekFrom(off int64, top bool) (at int64, c byte, gap separators, err error) {
	var buf [64]byte
	for {
		n, err := s.doc.src.ReadAt(buf[:], off)
		for i := 0; i < n; i++ {
			switch c := buf[i]; {
			case isJSONSpace(c):
				continue
			case c == ',':
				gap.commas++
				continue
			case c == ':' && !top:
				gap.colons++
				continue
			}
			return off + int64(i), buf[i], gap, nil
		}
		if err != nil {
			return 0, 0, gap, io.EOF
		}
		off += int64(n)
	}
}

func (s *streamer) topValue(start int64, c byte) error {
	switch c {
	case '[':
		_, err := s.items(nil, false)
		return err
	case '{':
		return s.object(start)
	}
	var v json.RawMessage
	before := s.off()
	if err := s.dec.Decode(&v); err != nil {
		return s.decodeErr(err, before, 0)
	}
	return fmt.Errorf("%s:%d: a JSON %s at the top level; expected licenses: an array, an object, a JSON:API document or one object per line",
		s.path, s.lines.line(start), kindOf(v))
}

// items walks an array, noting each element as a license item (or, with
// include set, as an included resource); it returns how many. inObject
// says it is a member of a top-level object (else a top-level value).
// The array is walked fast (textList) as far as that goes, then by the
// decoder.
func (s *streamer) items(include *includes, inObject bool) (int, error) {
	open, _, gap, err := s.peekAt(false)
	if err != nil {
		return 0, s.syntax(io.ErrUnexpectedEOF)
	}
	n := 0
	note := func(raw []byte, sp span) error {
		if n%checkEvery == checkEvery-1 && s.ctx.Err() != nil {
			return fmt.Errorf("%s: reading stopped: %w", s.path, context.Cause(s.ctx))
		}
		if include != nil {
			if err := include.index(raw, sp); err != nil && s.notResource == nil {
				// said once the document proved valid JSON, as read whole
				s.notResource = fmt.Errorf("%s: %w", s.path, err)
			}
		} else {
			s.noteListItem(s.doc.noteType(raw), sp, n == 0)
		}
		n++
		return nil
	}
	if walkListsFast && (!inObject || gap == separators{colons: 1}) { // else the decoder says what is wrong
		_, end, done, err := s.textList(open, note)
		switch {
		case err != nil:
			return n, err
		case done:
			return n, s.restart(end, inObject, afterList)
		}
		if err := s.restart(end, inObject, inList(n)); err != nil {
			return n, err
		}
	} else if _, err := s.dec.Token(); err != nil { // the '['
		return 0, s.syntax(err)
	}
	var raw json.RawMessage // reused: nothing keeps an item's bytes from this pass
	for s.dec.More() {
		before := s.off()
		if err := s.dec.Decode(&raw); err != nil {
			sep := byte(0)
			if n > 0 {
				sep = ','
			}
			return n, s.decodeErr(err, before, sep)
		}
		end := s.off()
		if err := s.checkSize(raw, end-int64(len(raw))); err != nil {
			return n, err
		}
		if err := note(raw, span{off: end - int64(len(raw)), n: int64(len(raw))}); err != nil {
			return n, err
		}
	}
	_, err = s.dec.Token()
	return n, s.syntax(err)
}

// unmark expands a marked list into items before an item that is not
// part of it joins the document (items stay in file order).
func (s *streamer) unmark() error {
	if err := s.doc.Expand(); err != nil {
		return fmt.Errorf("%s: %w", s.path, err)
	}
	return nil
}

// finish ends the first pass: a marked list that will not be read in
// chunks is expanded into items.
func (s *streamer) finish() error {
	if s.doc.marked && !s.doc.chunked() {
		return s.unmark()
	}
	return nil
}
