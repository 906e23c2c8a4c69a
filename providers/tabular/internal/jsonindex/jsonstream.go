package jsonindex

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
)

// A plain UTF-8 JSON file is read in two passes instead of whole: the
// first walks it with a token reader (tokens), validating it and noting
// where each license item and each included resource lies; the second
// (the platform reader) loads each from the file when it needs it. A
// dump then costs its index, not its size, in memory.

// span is where a JSON value lies in a file.
type span struct{ off, n int64 }

// streamer is the first pass over one file.
type streamer struct {
	size int64 // of the section read
	// itemsHint is SizeHint's license count for the file, which sizes an
	// item list before it is read.
	itemsHint int
	path      string
	// br feeds tok, which reads the file's tokens.
	br    *bufio.Reader
	tok   tokens
	doc   *Doc
	lines lineCounter
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
// through br.
func newStreamer(ctx context.Context, path string, br *bufio.Reader, src io.ReaderAt, size int64) *streamer {
	if ctx == nil {
		ctx = context.Background()
	}
	return &streamer{br: br, size: size, path: path, ctx: ctx, lines: lineCounter{r: src}, doc: newDoc(src)}
}

// newDoc is an empty streamed document over src.
func newDoc(src io.ReaderAt) *Doc {
	d := &Doc{Top: map[string]json.RawMessage{}, src: src, inc: newIncludes()}
	d.inc.src = src
	return d
}

// walk indexes the file with jsontext, or, if jsontext refuses it, with
// encoding/json's decoder, which then says what is wrong.
func (s *streamer) walk() (*Doc, error) {
	file, stamp := s.doc.file, s.doc.stamp
	if walkListsFast {
		s.tok = newTextTokens(s)
		doc, err := s.values()
		if err != errStopped {
			return doc, err
		}
		s.doc, s.notResource = newDoc(s.doc.src), nil // what jsontext indexed is dropped
		s.doc.file, s.doc.stamp = file, stamp
	}
	s.tok = &jsonTokens{s: s}
	return s.values()
}

// values indexes every top-level value.
func (s *streamer) values() (*Doc, error) {
	s.tok.reset(0)
	for {
		start, c, commas, err := s.peekAt(true)
		if err == io.EOF && s.notResource != nil {
			return nil, s.notResource
		}
		if err == io.EOF {
			return s.doc, s.finish()
		}
		if err != nil {
			return nil, err
		}
		if commas > 0 { // a reader would refuse them: read on past them
			s.tok.reset(start)
		}
		if err := s.topValue(start, c); err != nil {
			return nil, err
		}
	}
}

// peek returns the offset and first byte of the next value, skipping
// spaces and the separators a reader leaves in an object (: and ,).
func (s *streamer) peek() (int64, byte, error) {
	at, c, _, err := s.peekAt(false)
	return at, c, err
}

// peekAt is peek; between top-level values (top) spaces and commas are
// skipped, as reading whole does (`{…},\n{…}` is a common near-JSON-Lines
// shape), but a colon is not JSON there, and the reader says so. commas
// counts the commas skipped.
func (s *streamer) peekAt(top bool) (at int64, c byte, commas int, err error) {
	var buf [64]byte
	for off := s.off(); ; {
		n, err := s.doc.src.ReadAt(buf[:], off)
		for i, c := range buf[:n] {
			switch {
			case c == ',':
				commas++
			case !isJSONSpace(c) && (c != ':' || top):
				return off + int64(i), c, commas, nil
			}
		}
		if err != nil {
			return 0, 0, commas, io.EOF
		}
		off += int64(n)
	}
}

func (s *streamer) topValue(start int64, c byte) error {
	switch c {
	case '[':
		_, err := s.items(nil)
		return err
	case '{':
		return s.object(start)
	}
	v, err := s.tok.value(0)
	if err != nil {
		return err
	}
	return fmt.Errorf("%s:%d: a JSON %s at the top level; expected licenses: an array, an object, a JSON:API document or one object per line",
		s.path, s.lines.line(start), kindOf(v))
}

// items walks an array, noting each element as a license item (or, with
// include set, as an included resource); it returns how many.
func (s *streamer) items(include *includes) (int, error) {
	if err := s.tok.delim(); err != nil { // the '['
		return 0, err
	}
	n := 0
	for sep := byte(0); s.tok.more(); sep = ',' {
		raw, err := s.tok.value(sep)
		if err != nil {
			return n, err
		}
		end := s.off()
		sp := span{off: end - int64(len(raw)), n: int64(len(raw))}
		if err := s.checkSize(raw, sp.off); err != nil {
			return n, err
		}
		if n%checkEvery == checkEvery-1 && s.ctx.Err() != nil {
			return n, fmt.Errorf("%s: reading stopped: %w", s.path, context.Cause(s.ctx))
		}
		if include == nil {
			s.noteListItem(s.doc.noteType(raw), sp, n == 0)
		} else if err := include.index(raw, sp); err != nil && s.notResource == nil {
			s.notResource = fmt.Errorf("%s: %w", s.path, err) // said once the document proved valid JSON, as read whole
		}
		n++
	}
	return n, s.tok.delim()
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
