package tabular

import (
	"bufio"
	"io"
	"sync"

	"github.com/go-json-experiment/json/jsontext"
)

// textList is fastList done by jsontext.Decoder (the design behind
// encoding/json/v2): its ReadValue validates an item in one scan and
// hands it back from its own buffer, and its InputOffset is exact, so
// the list needs no bracket matching of its own. Like fastList it stops
// at the end of the last good item on anything it does not take (and
// the encoding/json decoder takes over there and says what is wrong, in
// its own words): FuzzTextListWalk holds the two walks' reads equal.

// walkListsWithText picks the first pass's list walk: jsontext's
// (textList) or the hand-written one (fastList).
var walkListsWithText = true

// walkList walks the list whose '[' is at offset open with the chosen
// walk (see fastList).
func (s *streamer) walkList(open int64, note func(raw []byte, sp span) error) (int, int64, bool, error) {
	if walkListsWithText {
		return s.textList(open, note)
	}
	return s.fastList(open, note)
}

// textOptions make jsontext accept what encoding/json accepts: bytes
// that are not UTF-8 (and lone surrogate escapes) in strings, and an
// object's repeated names (refused later, located, where it matters).
var textOptions = []jsontext.Options{jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true)}

// textWalker is one list walk's decoder and its read buffer, reused.
type textWalker struct {
	dec *jsontext.Decoder
	br  *bufio.Reader
	cap textCap
}

var textWalkers = sync.Pool{New: func() any {
	w := &textWalker{br: bufio.NewReaderSize(nil, listBlock)}
	w.dec = jsontext.NewDecoder(&w.cap, textOptions...)
	return w
}}

// textCap feeds the walk's decoder, refusing to read further than
// valueSlack past MaxRecordBytes from where its last value ended: an
// item that never ends costs a bounded buffer, and the walk stops.
type textCap struct {
	r   io.Reader
	dec *jsontext.Decoder
	pos int64 // bytes read so far
}

func (c *textCap) Read(p []byte) (int, error) {
	if c.pos-c.dec.InputOffset() > MaxRecordBytes+valueSlack {
		return 0, errValueTooLarge
	}
	n, err := c.r.Read(p)
	c.pos += int64(n)
	return n, err
}

// textList walks the list whose '[' is at offset open, noting each item,
// until its ']' (done, end just past it) or until it stops (not done:
// end is just past the last item it took, or open+1 when none). n is how
// many items it took.
func (s *streamer) textList(open int64, note func(raw []byte, sp span) error) (n int, end int64, done bool, err error) {
	w := textWalkers.Get().(*textWalker)
	defer func() { w.br.Reset(nil); textWalkers.Put(w) }() // the pool keeps no file
	w.br.Reset(io.NewSectionReader(s.doc.src, open, s.size-open))
	w.cap = textCap{r: w.br, dec: w.dec}
	w.dec.Reset(&w.cap, textOptions...)
	if _, err := w.dec.ReadToken(); err != nil {
		return 0, open + 1, false, nil
	}
	end = open + 1
	for w.dec.PeekKind() != ']' {
		item, err := w.dec.ReadValue()
		if err != nil || len(item) > MaxRecordBytes {
			return n, end, false, nil
		}
		sp := span{off: open + w.dec.InputOffset() - int64(len(item)), n: int64(len(item))}
		if err := note(item, sp); err != nil {
			return n, end, false, err
		}
		n, end = n+1, sp.off+sp.n
	}
	if _, err := w.dec.ReadToken(); err != nil {
		return n, end, false, nil
	}
	return n, open + w.dec.InputOffset(), true, nil
}
