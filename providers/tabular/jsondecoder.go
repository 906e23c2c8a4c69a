package tabular

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The first pass's decoder: where it is in the file, how it is restarted
// in the middle of the file after a list walked fast, and how its errors
// are located.

// A decoder restarted in the middle of the file is first given the
// tokens that put it where the file is: inside the top-level object
// ({"": ), then inside a list ([, or [[] after an item), or after one
// ([]). The stand-in values are lists, which end in a bracket: nothing
// the file goes on with can merge into them (a number would).
const afterList = -1

// inList is where a list walked fast stopped: after n items.
func inList(n int) int { return min(n, 1) }

// restart puts a new decoder at offset at of the file, in the state
// where (afterList, or inList) within a top-level object or not.
func (s *streamer) restart(at int64, inObject bool, where int) error {
	prefix := ""
	if inObject {
		prefix = `{"":`
	}
	switch where {
	case afterList:
		if inObject {
			prefix += "[]"
		}
	case 0:
		prefix += "["
	default:
		prefix += "[[]"
	}
	s.br.Reset(io.NewSectionReader(s.doc.src, at, s.size-at))
	s.dec = json.NewDecoder(io.MultiReader(strings.NewReader(prefix), &capReader{r: s.br, s: s, pos: at}))
	s.decBase, s.prefixLen = at, int64(len(prefix))
	for s.dec.InputOffset() < s.prefixLen {
		if _, err := s.dec.Token(); err != nil {
			return s.syntax(err)
		}
	}
	return nil
}

// off is the decoder's offset in the file.
func (s *streamer) off() int64 { return s.dec.InputOffset() - s.prefixLen + s.decBase }

// decodeErr locates err, Decode's error on the value after offset
// before. A SyntaxError from Decode counts only the bytes its decoder's
// value scans have read so far, not its place in the file, so the value
// is decoded again alone from where it starts: that error's count starts
// there, and says on which line it goes wrong.
func (s *streamer) decodeErr(err error, before int64) error {
	var se *json.SyntaxError
	if errors.Is(err, errValueTooLarge) {
		if at, _, _, perr := s.peekFrom(before, false); perr == nil {
			return s.tooLarge(at)
		}
	}
	if !errors.As(err, &se) {
		return s.syntax(err)
	}
	at, _, _, perr := s.peekFrom(before, false)
	if perr != nil {
		return s.syntax(io.ErrUnexpectedEOF)
	}
	var raw json.RawMessage
	var again *json.SyntaxError
	if errors.As(json.NewDecoder(io.NewSectionReader(s.doc.src, at, s.size-at)).Decode(&raw), &again) {
		at += again.Offset - 1
	}
	return fmt.Errorf("%s:%d: invalid JSON: %v", s.path, s.lines.line(at), se)
}

// checkSize refuses a value the decoder took (its raw JSON) past
// MaxRecordBytes; it started at offset at.
func (s *streamer) checkSize(raw []byte, at int64) error {
	if len(raw) > MaxRecordBytes {
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
		line := s.lines.line(se.Offset - s.prefixLen + s.decBase)
		return fmt.Errorf("%s:%d: invalid JSON: %v", s.path, line, se)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%s: invalid JSON: the file ends in the middle of a value (cut short?)", s.path)
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
}

func (lc *lineCounter) line(off int64) int {
	if off < lc.off {
		lc.off, lc.line0 = 0, 0
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
		lc.line0 += bytes.Count(lc.scratch[:got], []byte{'\n'})
		lc.off += int64(got)
		if err != nil || got == 0 {
			break
		}
	}
	return lc.line0 + 1
}
