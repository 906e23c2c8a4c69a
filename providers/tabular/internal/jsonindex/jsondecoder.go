package jsonindex

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// The first pass's reader of tokens (tokens), and encoding/json's
// decoder behind it: the reader whose errors users see, located.

// tokens is what the first pass reads the file with: jsontext's decoder
// (textTokens), or encoding/json's (jsonTokens), which alone words the
// errors users read. A token's or value's error is located by the reader
// (sep is the one separator it may follow, as decodeErr takes it).
type tokens interface {
	offset() int64 // in the file, just past the last token or value read
	delim() error  // the '[', '{', ']' or '}' the walk peeked
	key(sep byte) (string, error)
	value(sep byte) ([]byte, error) // valid until the next call
	more() bool
	reset(at int64) // read on from offset at (between top-level values)
}

// jsonTokens reads the file with encoding/json's decoder, from offset
// base; raw is reused (nothing keeps an item's bytes from this pass).
type jsonTokens struct {
	s    *streamer
	dec  *json.Decoder
	base int64
	raw  json.RawMessage
}

func (t *jsonTokens) offset() int64 { return t.base + t.dec.InputOffset() }

func (t *jsonTokens) reset(at int64) {
	t.s.br.Reset(io.NewSectionReader(t.s.doc.src, at, t.s.size-at))
	t.dec, t.base = json.NewDecoder(&capReader{r: t.s.br, at: t.offset, pos: at}), at
}

func (t *jsonTokens) delim() error {
	_, err := t.dec.Token()
	return t.s.syntax(err)
}

func (t *jsonTokens) key(sep byte) (string, error) {
	from := t.offset()
	kt, err := t.dec.Token()
	if err != nil {
		return "", t.s.tokenErr(err, from, sep)
	}
	key, _ := kt.(string)
	return key, nil
}

func (t *jsonTokens) value(sep byte) ([]byte, error) {
	before := t.offset()
	if err := t.dec.Decode(&t.raw); err != nil {
		return nil, t.s.decodeErr(err, before, sep)
	}
	return t.raw, nil
}

func (t *jsonTokens) more() bool { return t.dec.More() }

// off is the reader's offset in the file.
func (s *streamer) off() int64 { return s.tok.offset() }

// decodeErr locates err, Decode's error on the value after offset
// before. A SyntaxError from Decode counts only the bytes its decoder's
// value scans have read so far, not its place in the file, so the value
// is decoded again alone from where it starts: that error's count starts
// there, and says on which line it goes wrong.
//
// sep is the one separator the value may follow (',' in a list after an
// item, ':' after a member's key, 0 for none): a second one, or another,
// is where the value goes wrong, as the read whole places it.
func (s *streamer) decodeErr(err error, before int64, sep byte) error {
	at, missing, perr := s.valueStart(before, sep)
	if errors.Is(err, errValueTooLarge) && perr == nil {
		return s.tooLarge(at)
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return s.syntax(err)
	}
	if perr != nil {
		return s.syntax(io.ErrUnexpectedEOF)
	}
	if missing && se != nil { // no separator before it: the fault is there, whatever the value holds
		return s.invalid(at, se)
	}
	var raw json.RawMessage
	var again *json.SyntaxError
	if errors.As(json.NewDecoder(&capReader{r: io.NewSectionReader(s.doc.src, at, s.size-at), at: s.off, pos: at}).Decode(&raw), &again) {
		at += again.Offset - 1
		if again.Offset > 1 || se == nil { // inside the value: its own scan says what the read whole says
			se = again
		}
	}
	if se == nil {
		return s.syntax(err)
	}
	return s.invalid(at, se)
}

// valueStart is the offset of the first byte after before that is
// neither white space nor the one separator sep; missing says sep was
// wanted and not there.
func (s *streamer) valueStart(before int64, sep byte) (at int64, missing bool, err error) {
	var buf [64]byte
	for off := before; ; {
		n, err := s.doc.src.ReadAt(buf[:], off)
		for i := 0; i < n; i++ {
			switch c := buf[i]; {
			case isJSONSpace(c):
			case c == sep && sep != 0:
				sep = 0
			default:
				return off + int64(i), sep != 0, nil
			}
		}
		if err != nil || n == 0 {
			return 0, false, io.EOF
		}
		off += int64(n)
	}
}

// invalid is a syntax error about the byte at offset at, located by line
// and column as the read whole locates it.
func (s *streamer) invalid(at int64, se *json.SyntaxError) error {
	line, col := s.lines.position(at)
	return fmt.Errorf("%s:%d:%d: invalid JSON: %v", s.path, line, col, se)
}

// errCutShort is a file that ends inside a value.
var errCutShort = errors.New("invalid JSON: the file ends in the middle of a value (cut short?)")

// tokenErr locates a Token error, the token expected after offset from
// and the one separator sep (0: none): a missing separator, or a token
// that is not a string where a key should be, is wrong where it starts; a
// key that goes wrong inside is scanned alone to place its bad byte.
func (s *streamer) tokenErr(err error, from int64, sep byte) error {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return s.syntax(err)
	}
	at, missing, perr := s.valueStart(from, sep)
	if perr != nil {
		return s.syntax(io.ErrUnexpectedEOF)
	}
	var first [1]byte
	_, _ = s.doc.src.ReadAt(first[:], at)
	if missing || first[0] != '"' {
		return s.invalid(at, se)
	}
	return s.decodeErr(err, at, 0)
}

// checkSize refuses a value the decoder took (its raw JSON) past
// MaxValueBytes; it started at offset at.
func (s *streamer) checkSize(raw []byte, at int64) error {
	if len(raw) > MaxValueBytes {
		return s.tooLarge(at)
	}
	return nil
}

// tooLarge is errValueTooLarge located at the value starting at off.
func (s *streamer) tooLarge(off int64) error {
	return fmt.Errorf("%s:%d: %w", s.path, s.lines.line(off), errValueTooLarge)
}

// syntax locates a decoder error in the file.
func (s *streamer) syntax(err error) error {
	var se *json.SyntaxError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, errValueTooLarge):
		return s.tooLarge(s.off())
	case errors.As(err, &se):
		// the decoder stays at the start of the token that went wrong
		// (its error's offset counts what the token's own scan read)
		return s.tokenErr(err, s.off(), 0)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%s: %w", s.path, errCutShort)
	}
	return fmt.Errorf("%s: invalid JSON: %v", s.path, err)
}

// lineCounter turns increasing offsets into line numbers by counting
// newlines forward through the file.
type lineCounter struct {
	r       io.ReaderAt
	off     int64
	line0   int
	scratch []byte
	// lineStart is where the line holding off starts.
	lineStart int64
}

// position is the line and the column (in bytes, from 1) of offset off.
func (lc *lineCounter) position(off int64) (line, col int) {
	line = lc.line(off)
	return line, int(off-lc.lineStart) + 1
}

func (lc *lineCounter) line(off int64) int {
	if off < lc.off {
		lc.off, lc.line0, lc.lineStart = 0, 0, 0
	}
	if lc.scratch == nil {
		lc.scratch = make([]byte, 64<<10)
	}
	for lc.off < off {
		n := int64(len(lc.scratch))
		if off-lc.off < n {
			n = off - lc.off
		}
		got, err := lc.r.ReadAt(lc.scratch[:n], lc.off)
		lc.line0 += CountLines(lc.scratch[:got])
		if i := bytes.LastIndexByte(lc.scratch[:got], '\n'); i >= 0 {
			lc.lineStart = lc.off + int64(i) + 1
		}
		lc.off += int64(got)
		if err != nil || got == 0 {
			break
		}
	}
	return lc.line0 + 1
}
