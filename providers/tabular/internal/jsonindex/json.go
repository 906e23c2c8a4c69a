package jsonindex

import (
	"encoding/json"
	"io"
	"os"
)

// Item is one object of a JSON list with the line it starts on, 24
// bytes (a million-license dump holds a million): Doc.Load gives its
// JSON.
type Item struct {
	Line int
	// at is where the item lies in a streamed file; for an item held in
	// memory n is zero (no JSON value is empty) and off indexes
	// Doc.held.
	at span
}

// Doc is a JSON export read whole: its license items (with lines),
// the other top-level members ("included" concatenated across pages),
// and each JSON:API page's pagination claims, so a reader can tell a
// complete page set from a partial one.
type Doc struct {
	Items []Item
	Top   map[string]json.RawMessage
	Pages []Page
	// src and inc are set for a streamed file: the file, and its included
	// resources indexed where they lie.
	src io.ReaderAt
	inc *includes
	// types counts the items by their "type" member as they are indexed,
	// so a page whose items are all licenses needs no second look.
	types map[string]int
	// marks index a large streamed list of licenses chunk by chunk
	// instead of item by item (marked; count items in all; see marks.go);
	// itemList is a chunk's pooled item list.
	marks    []mark
	marked   bool
	count    int
	itemList *[]Item
	// file and stamp are the streamed file and its size and time when
	// the first pass read it: a chunk read later checks it is unchanged.
	file  *os.File
	stamp fileStamp
	// held are the JSON of the items held in memory (all of a document
	// read whole; a streamed file's single objects and webhook payloads).
	held []json.RawMessage
	// mem holds a chunk's items read at once (from offset memOff), in a
	// buffer that goes back to chunkBufs (memBuf) when the chunk is done.
	mem    []byte
	memOff int64
	memBuf *[]byte
}

// noteType counts an item's "type" (JSON:API resources have one).
func (d *Doc) noteType(raw []byte) string {
	t, err := typeOf(raw)
	if err == nil {
		if d.types == nil {
			d.types = map[string]int{}
		}
		d.types[t]++
	}
	return t
}

// hold makes an item of JSON held in memory, starting on line.
func (d *Doc) hold(raw json.RawMessage, line int) Item {
	d.held = append(d.held, raw)
	return Item{Line: line, at: span{off: int64(len(d.held) - 1)}}
}

// Load returns an item's JSON, reading it from the file when the file
// was streamed.
func (d *Doc) Load(it Item) (json.RawMessage, error) {
	if it.at.n == 0 {
		return d.held[it.at.off], nil
	}
	if rel := it.at.off - d.memOff; d.mem != nil && rel >= 0 && rel+it.at.n <= int64(len(d.mem)) {
		return d.mem[rel : rel+it.at.n : rel+it.at.n], nil // a preloaded chunk: valid until it is released
	}
	buf := make([]byte, it.at.n)
	if _, err := d.src.ReadAt(buf, it.at.off); err != nil {
		return nil, err
	}
	return buf, nil
}

// Page is one JSON:API list page's "links" and "meta" as written.
type Page struct {
	Line  int
	Links json.RawMessage
	Meta  json.RawMessage
	Items int
}
