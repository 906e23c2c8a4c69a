package jsonindex

import (
	"errors"
	"io"

	"github.com/go-json-experiment/json/jsontext"
)

// The first pass reads the file with jsontext.Decoder (the design behind
// encoding/json/v2): its ReadValue validates a value in one scan and
// hands it back from its own buffer, and its InputOffset is exact. It
// says nothing users read: at the first thing it refuses, the pass
// starts over with encoding/json's decoder alone (jsondecoder.go), which
// says what is wrong in the words and at the place the goldens pin (or
// reads on, had jsontext been only stricter). Only a broken file pays
// for the second read. FuzzJSONStreamMatchesWhole holds the two equal.

// errStopped is jsontext refusing the file: encoding/json reads it again.
var errStopped = errors.New("jsontext stopped")

// textOptions make jsontext accept what encoding/json accepts: bytes
// that are not UTF-8 (and lone surrogate escapes) in strings, and an
// object's repeated names (refused later, located, where it matters).
var textOptions = []jsontext.Options{jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true)}

// textTokens reads the file with jsontext, from offset base.
type textTokens struct {
	s    *streamer
	dec  *jsontext.Decoder
	cap  capReader
	base int64
}

func newTextTokens(s *streamer) *textTokens {
	t := &textTokens{s: s}
	t.dec = jsontext.NewDecoder(&t.cap, textOptions...)
	return t
}

func (t *textTokens) offset() int64 { return t.base + t.dec.InputOffset() }

func (t *textTokens) reset(at int64) {
	t.s.br.Reset(io.NewSectionReader(t.s.doc.src, at, t.s.size-at))
	t.base = at
	t.cap = capReader{r: t.s.br, at: t.offset, pos: at}
	t.dec.Reset(&t.cap, textOptions...)
}

func (t *textTokens) delim() error {
	_, err := t.dec.ReadToken()
	return stopped(err)
}

func (t *textTokens) key(byte) (string, error) {
	tok, err := t.dec.ReadToken()
	return tok.String(), stopped(err)
}

func (t *textTokens) value(byte) ([]byte, error) {
	v, err := t.dec.ReadValue()
	return v, stopped(err)
}

func (t *textTokens) more() bool {
	k := t.dec.PeekKind()
	return k != ']' && k != '}'
}

func stopped(err error) error {
	if err != nil {
		return errStopped
	}
	return nil
}
