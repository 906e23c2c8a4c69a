package jsonindex

import (
	"bufio"
	"io"
	"sync"

	"github.com/go-json-experiment/json/jsontext"
)

// textList walks a list with jsontext.Decoder (the design behind
// encoding/json/v2): its ReadValue validates an item in one scan and
// hands it back from its own buffer, and its InputOffset is exact, so
// the walk needs no bracket matching or buffering of its own. It stops
// at the end of the last good item on anything it does not take, and
// the encoding/json decoder takes over there and says what is wrong, in
// its own words. FuzzTextListWalk holds the walk to encoding/json's
// decoder; docs/performance.md has its measurement against the
// hand-written walk it replaced.

// textOptions make jsontext accept what encoding/json accepts: bytes
// that are not UTF-8 (and lone surrogate escapes) in strings, and an
// object's repeated names (refused later, located, where it matters).
var textOptions = []jsontext.Options{jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true)}

// listBlock is how much of the file the walk reads at once (jsontext
// reads in blocks of a few KiB).
const listBlock = 256 << 10

// textWalker is one list walk's decoder and its read buffer, reused.
type textWalker struct {
	dec *jsontext.Decoder
	br  *bufio.Reader
	cap capReader
}

var textWalkers = sync.Pool{New: func() any {
	w := &textWalker{br: bufio.NewReaderSize(nil, listBlock)}
	w.dec = jsontext.NewDecoder(&w.cap, textOptions...)
	return w
}}

// textList walks the list whose '[' is at offset open, noting each item,
// until its ']' (done, end just past it) or until it stops (not done:
// end is just past the last item it took, or open+1 when none). n is how
// many items it took.
func (s *streamer) textList(open int64, note func(raw []byte, sp span) error) (n int, end int64, done bool, err error) {
	w := textWalkers.Get().(*textWalker)
	defer func() { w.br.Reset(nil); textWalkers.Put(w) }() // the pool keeps no file
	w.br.Reset(io.NewSectionReader(s.doc.src, open, s.size-open))
	w.cap = capReader{r: w.br, at: w.dec.InputOffset} // offsets from open
	w.dec.Reset(&w.cap, textOptions...)
	end = open + 1
	if _, err := w.dec.ReadToken(); err != nil { // the '['
		return 0, end, false, nil
	}
	for w.dec.PeekKind() != ']' {
		item, err := w.dec.ReadValue()
		if err != nil || len(item) > MaxValueBytes {
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
