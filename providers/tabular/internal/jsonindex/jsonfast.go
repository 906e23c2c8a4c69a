package jsonindex

import (
	"encoding/json"
	"io"
	"slices"
	"sync"
)

// The first pass spends most of its time in encoding/json's decoder,
// which scans each list item twice and copies it. A list is walked
// faster by finding each item's end by its brackets and checking it with
// json.Valid (one scan, no copy). Whenever the walk meets anything it
// does not expect (an invalid item, a missing comma, the file ending),
// it stops at the end of the last good item and the decoder takes over
// from there, so the decoder alone says what is wrong (or reads on, if
// the walk was only cautious): a fuzz target holds the streamed read,
// either way, equal to reading the file whole.

// walkListsFast is off only in tests that hold the decoder-only read
// equal to this one.
var walkListsFast = true

// listBlock is how much of the file the walk reads at once.
const listBlock = 256 << 10

var listBufs = sync.Pool{New: func() any { return new([]byte) }}

// fastList walks the list whose '[' is at offset open, noting each item
// (see note), until its ']' (done, and end is just past it) or until it
// stops (not done: end is just past the last item it took, or open+1
// when none). n is how many items it took.
func (s *streamer) fastList(open int64, note func(raw []byte, sp span) error) (n int, end int64, done bool, err error) {
	bp := listBufs.Get().(*[]byte)
	defer listBufs.Put(bp)
	w := listWalk{src: s.doc.src, size: s.size, buf: bp}
	end = open + 1
	p := w.skipSpace(end)
	if c, ok := w.byteAt(p); ok && c == ']' {
		return 0, p + 1, true, nil
	}
	for {
		item, ok := w.value(p) // p is where an item should start
		if !ok || !json.Valid(item) {
			return n, end, false, nil
		}
		sp := span{off: p, n: int64(len(item))}
		if err := note(item, sp); err != nil {
			return n, end, false, err
		}
		n++
		end = p + sp.n
		q := w.skipSpace(end)
		c, ok := w.byteAt(q)
		switch {
		case ok && c == ']':
			return n, q + 1, true, nil
		case ok && c == ',':
			p = w.skipSpace(q + 1)
		default:
			return n, end, false, nil
		}
	}
}

// listWalk reads a file through one buffer holding [off, off+len(data)).
type listWalk struct {
	src  io.ReaderAt
	size int64
	buf  *[]byte
	data []byte
	off  int64
}

// fill makes the buffer hold the file from p, at least need bytes of it
// when the file has them; it reports whether it holds any.
func (w *listWalk) fill(p int64, need int) bool {
	if p >= w.off && p+int64(need) <= w.off+int64(len(w.data)) {
		return true
	}
	size := max(listBlock, 2*need)
	*w.buf = slices.Grow((*w.buf)[:0], size)[:size]
	got, _ := w.src.ReadAt(*w.buf, p) // a short read is the end of the file, or an error the decoder reports
	w.data, w.off = (*w.buf)[:got], p
	return got > 0
}

func (w *listWalk) byteAt(p int64) (byte, bool) {
	if !w.fill(p, 1) || p-w.off >= int64(len(w.data)) {
		return 0, false
	}
	return w.data[p-w.off], true
}

// skipSpace returns the offset of the first byte at or after p that is
// not JSON whitespace (or the end of the file).
func (w *listWalk) skipSpace(p int64) int64 {
	for {
		c, ok := w.byteAt(p)
		if !ok || c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return p
		}
		p++
	}
}

// value returns the value starting at p, read whole (its end found by
// skipValue, valid or not), or false when the file ends inside it or it
// does not end within MaxValueBytes (the decoder then says which).
func (w *listWalk) value(p int64) ([]byte, bool) {
	for need := 4 << 10; need <= 2*MaxValueBytes; need *= 2 {
		if !w.fill(p, need) {
			return nil, false
		}
		data := w.data[p-w.off:]
		end := skipValue(data, 0)
		if end < len(data) {
			return data[:end:end], end > 0 && end <= MaxValueBytes
		}
		if w.off+int64(len(w.data)) >= w.size || len(data) < need {
			return nil, false // the file ends inside it
		}
	}
	return nil, false
}

// capReader feeds the first pass's decoder, refusing to read further
// than valueSlack past the start of the value the decoder is on (its
// input offset stays there until the value is whole): a value that never
// ends, or bytes that never make one, cost a bounded buffer.
type capReader struct {
	r   io.Reader
	s   *streamer
	pos int64 // the file offset of the next byte read
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.pos-c.s.off() > MaxValueBytes+valueSlack {
		return 0, errValueTooLarge
	}
	n, err := c.r.Read(p)
	c.pos += int64(n)
	return n, err
}
