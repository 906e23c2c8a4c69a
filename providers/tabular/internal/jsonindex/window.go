package jsonindex

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
)

// readWindow serves one reader's reads of included resources from one
// buffer. A resource is read exactly; but once reads move forward
// through the file (a dump lists its owners in the order of its
// licenses, so a chunk's owners lie together), a window of readAhead
// bytes is read instead and serves the next ones without a read each: a
// million owners cost a few thousand reads, not a million. Reads in no
// order stay exact, never a window each.
type readWindow struct {
	buf  []byte
	off  int64 // where buf[0] lies in the file
	next int64 // just past the last resource served
}

// windows lends readWindows to the readers of chunks and pages: a
// window's buffer serves chunk after chunk instead of one each.
var windows = sync.Pool{New: func() any { return new(readWindow) }}

// readAhead is the window read once reads move forward; a read that
// starts within readAhead/4 past the last one counts as moving forward.
const readAhead = 64 << 10

// reset empties the window, keeping its buffer, for reads from another
// file (or the same file in another document).
func (w *readWindow) reset() { w.buf, w.off, w.next = w.buf[:0], 0, 0 }

// read returns the resource at sp, valid until the next read. A read
// error, or a file now too short to hold it (cut between the two
// passes), is an error: never a resource quietly missing.
func (w *readWindow) read(src io.ReaderAt, sp span) ([]byte, error) {
	if sp.off >= w.off && sp.off+sp.n <= w.off+int64(len(w.buf)) {
		w.next = sp.off + sp.n
		rel := sp.off - w.off
		return w.buf[rel : rel+sp.n : rel+sp.n], nil
	}
	n := sp.n
	if w.next > 0 && sp.off >= w.next && sp.off-w.next < readAhead/4 {
		n = max(n, readAhead)
	}
	buf := slices.Grow(w.buf[:0], int(n))[:n]
	got, err := src.ReadAt(buf, sp.off) // past the end of the file a window is short: only the resource must be whole
	if int64(got) < sp.n {
		w.buf, w.next = buf[:0], 0
		return nil, readErr(sp, err)
	}
	w.buf, w.off, w.next = buf[:got], sp.off, sp.off+sp.n
	return w.buf[:sp.n:sp.n], nil
}

// readErr says why the resource at sp could not be read back: the file
// ended before it (it changed since the first pass), or an I/O error.
func readErr(sp span, err error) error {
	if err == nil || errors.Is(err, io.EOF) {
		return fmt.Errorf("the file ends before the included resource at byte %d: it changed while it was read; read it again once nothing writes to it", sp.off)
	}
	return fmt.Errorf("reading the included resource at byte %d: %w", sp.off, err)
}
