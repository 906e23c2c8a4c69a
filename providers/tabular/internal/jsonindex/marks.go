package jsonindex

import (
	"fmt"
	"os"
	"slices"
	"sync"
	"time"
)

// A large streamed list of licenses is indexed by marks, not item by
// item: the first pass notes where each chunk of up to ChunkItems
// licenses starts (its first item and line), how many it holds and where
// it ends; the worker that reads a chunk reads its bytes at once anyway,
// and finds its items by scanning them. A million licenses cost 2,500
// marks instead of a million 24-byte items.
//
// A list that will not be read in chunks (short, mixed types, objects
// without a type, or items held in memory among it) is expanded into
// items when the first pass ends, by the same scan: everything but the
// chunked read sees items, as before.

// mark is one chunk of a streamed list: its first item, how many items
// it holds and the offset just past its last.
type mark struct {
	first Item
	n     int
	end   int64
}

// ChunkItems is how many licenses of a streamed dump one worker reads at
// a time. A chunk costs about 2 KB besides its licenses (its reader, its
// batch, its place in the order): at 100 that was 20 MB for a million
// licenses; at 400 it is 5 MB, with the same wall time measured at 100k
// and 1M licenses, and a 10k-license dump still splits 25 ways. A
// variable only so that tests can make chunks of a few licenses.
var ChunkItems = 400

// maxChunkBytes bounds a chunk's bytes (one read, one buffer): a chunk
// ends before an item that would take it past this, so only a single
// item larger than it makes a larger chunk.
var maxChunkBytes int64 = 8 << 20 // a variable for tests only

// noteListItem notes an item of a license list at sp, the first of its
// list when first is set; typ is its "type" member ("" when none). The
// first list of a file is marked when its first item has a type (a
// JSON:API list); anything else gets an item each.
func (s *streamer) noteListItem(typ string, sp span, first bool) {
	d := s.doc
	if first && len(d.Items) == 0 && len(d.marks) == 0 && typ != "" {
		d.marked = true
	}
	if !d.marked {
		switch {
		case cap(d.Items) == 0:
			d.Items = make([]Item, 0, s.itemsRoom())
		case len(d.Items) == cap(d.Items):
			d.Items = slices.Grow(d.Items, s.itemsRoom())
		}
		d.Items = append(d.Items, Item{Line: s.lines.line(sp.off), at: sp})
		return
	}
	n := len(d.marks)
	if first || d.marks[n-1].n == ChunkItems || sp.off+sp.n-d.marks[n-1].first.at.off > maxChunkBytes {
		d.marks = append(d.marks, mark{first: Item{Line: s.lines.line(sp.off), at: sp}})
		n++
	}
	d.marks[n-1].n++
	d.marks[n-1].end = sp.off + sp.n
	d.count++
}

// itemsRoom is how many items to grow the list by: at first, the
// licenses SizeHint counted in the file (never more than one per
// minReservedItem bytes of it); then as many as it holds (doubling:
// append's gentler growth copied a million items five times over).
func (s *streamer) itemsRoom() int {
	if len(s.doc.Items) == 0 && s.itemsHint > 0 {
		return int(min(int64(s.itemsHint), s.size/minReservedItem))
	}
	return max(len(s.doc.Items), 64)
}

// firstItem is the document's first item, marked or not.
func (d *Doc) firstItem() (Item, bool) {
	switch {
	case len(d.Items) > 0:
		return d.Items[0], true
	case len(d.marks) > 0:
		return d.marks[0].first, true
	}
	return Item{}, false
}

// Chunks is how many chunks a large JSON:API list of licenses is to be
// read in (see Chunk), 0 when the document is read as a whole.
func (d *Doc) Chunks() int {
	if !d.marked {
		return 0
	}
	return len(d.marks)
}

// ChunkType is the "type" every item of a list to be read in chunks
// holds ("" when the document is read as a whole): the caller reads in
// chunks only a list of the licenses its reader walks.
func (d *Doc) ChunkType() string {
	if d.Chunks() == 0 {
		return ""
	}
	return onlyKey(d.types)
}

func onlyKey(m map[string]int) string {
	for k := range m {
		return k
	}
	return ""
}

// chunked reports whether a marked list is to be read in chunks: many
// items, all of one JSON:API type, nothing else among them.
func (d *Doc) chunked() bool {
	t := onlyKey(d.types)
	return d.marked && len(d.Items) == 0 && d.count > 2*ChunkItems && len(d.types) == 1 && t != "" && d.types[t] == d.count && d.IsJSONAPI()
}

// expand turns a marked list into items, for a document read as a whole.
func (d *Doc) Expand() error {
	if !d.marked {
		return nil
	}
	items := make([]Item, 0, len(d.Items)+d.count)
	items = append(items, d.Items...)
	bp := chunkBufs.Get().(*[]byte)
	defer chunkBufs.Put(bp)
	for _, m := range d.marks {
		buf, err := readMark(d, m, bp)
		if err != nil {
			return err
		}
		if items, err = scanMark(buf, m, items); err != nil {
			return err
		}
	}
	d.Items, d.marks, d.marked, d.count = items, nil, false, 0
	return nil
}

// fileStamp is what tells a file changed: its size and modification time.
type fileStamp struct {
	size int64
	mod  time.Time
}

func stampOf(st os.FileInfo) fileStamp { return fileStamp{st.Size(), st.ModTime()} }

// readMark reads a chunk's bytes into *bp (grown when too small), after
// checking that the file is the one the first pass read: a chunk's items
// are found where that pass saw them.
func readMark(d *Doc, m mark, bp *[]byte) ([]byte, error) {
	st, err := d.file.Stat()
	if err != nil {
		return nil, fmt.Errorf("line %d: reading licenses: %w", m.first.Line, err)
	}
	if now := stampOf(st); now.size != d.stamp.size || !now.mod.Equal(d.stamp.mod) {
		return nil, fmt.Errorf("line %d: the file changed while it was read: read it again once nothing writes to it", m.first.Line)
	}
	n := m.end - m.first.at.off
	buf := slices.Grow((*bp)[:0], int(n))[:n]
	*bp = buf
	if _, err := d.src.ReadAt(buf, m.first.at.off); err != nil {
		return nil, fmt.Errorf("line %d: reading licenses: %w", m.first.Line, err)
	}
	return buf, nil
}

// scanMark appends the items of the chunk m, whose bytes are buf (valid
// JSON: the first pass validated them), finding each by skipping the one
// before and counting the lines in between. A chunk that does not scan
// as the first pass saw it (the file changed since) is an error.
func scanMark(buf []byte, m mark, into []Item) ([]Item, error) {
	pos, line := 0, m.first.Line
	for k := 0; k < m.n; k++ {
		end := skipValue(buf, pos)
		if pos >= len(buf) || end <= pos {
			break
		}
		into = append(into, Item{Line: line, at: span{off: m.first.at.off + int64(pos), n: int64(end - pos)}})
		next := skipSpace(buf, end)
		line += CountLines(buf[pos:next])
		pos = next
		if k == m.n-1 && pos == len(buf) && into[len(into)-m.n].at == m.first.at {
			return into, nil
		}
	}
	return into, fmt.Errorf("line %d: the licenses there are not where the first reading found them: the file changed while it was read; read it again once nothing writes to it", m.first.Line)
}

// chunkBufs recycles the buffers chunks are read into; chunkItemLists
// the item lists they are scanned into.
var (
	chunkBufs      = sync.Pool{New: func() any { return new([]byte) }}
	chunkItemLists = sync.Pool{New: func() any { return new([]Item) }}
)

// chunk is the document narrowed to its c-th mark: the same file, top
// members and included index. load reads its items.
func (d *Doc) Chunk(c int) *Doc {
	m := d.marks[c]
	return &Doc{Top: d.Top, src: d.src, inc: d.inc, held: d.held, marks: d.marks[c : c+1 : c+1], file: d.file, stamp: d.stamp,
		types: map[string]int{onlyKey(d.types): m.n}}
}

// load reads a chunk's bytes with one read into a pooled buffer and
// scans its items into a pooled list, so Load slices them instead of
// reading each; release gives both back.
func (d *Doc) LoadChunk() error {
	m := d.marks[0]
	bp, ip := chunkBufs.Get().(*[]byte), chunkItemLists.Get().(*[]Item)
	d.memBuf, d.itemList = bp, ip
	buf, err := readMark(d, m, bp)
	if err != nil {
		return err
	}
	d.mem, d.memOff = buf, m.first.at.off
	d.Items, err = scanMark(buf, m, (*ip)[:0])
	*ip = d.Items
	return err
}

// release returns a loaded chunk's buffer and item list: nothing read
// from them is kept (records hold their own strings).
func (d *Doc) Release() {
	if d.memBuf != nil {
		chunkBufs.Put(d.memBuf)
		d.mem, d.memBuf = nil, nil
	}
	if d.itemList != nil {
		chunkItemLists.Put(d.itemList)
		d.Items, d.itemList = nil, nil
	}
}
