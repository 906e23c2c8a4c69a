// Package jsonindex reads JSON exports for providers/tabular: every
// shape a platform's export comes in (arrays, objects, JSON:API pages and
// single resources, webhook envelopes, JSON Lines, concatenated values),
// a plain UTF-8 file streamed in two passes: the first indexes where each
// license item and included resource lies (a mark per chunk of licenses,
// a 16-byte entry per included resource), the second reads each back
// when it is needed, a chunk at a time on every core. JSON:API resources
// are skimmed in place, never decoded into maps.
//
// Only providers/tabular uses it (Go's internal rule), and tabular hands
// platform readers typed structs through its door (tabular.Licenses): no
// offset, window, mark or span leaves this package. The API is a
// document (Doc: its items, pages and chunks), the resources of a
// JSON:API document (Doc.EachResource, Resource, Lookup), the related
// resources read from their own pages (Related), and the byte helpers a
// live pager needs before a page is read (TopMembers, ItemIDs,
// ResourceIDs).
package jsonindex

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// Input is an opened export as providers/tabular opened it: the bytes
// to read (Reader, UTF-8 whatever the file's encoding was) and, for a
// plain UTF-8 file, the file itself, which Read then streams in two
// passes instead of holding it.
type Input struct {
	// Path is the file as shown to users, in every message.
	Path string
	// Reader reads the export's bytes; a streamed read lends its buffer.
	Reader *bufio.Reader
	// File, when set, is the same bytes from offset Base (after a UTF-8
	// byte-order mark), read with ReadAt instead of through Reader.
	File *os.File
	Base int64
	// At, when set, reads File's bytes in its place (both passes read
	// through it): tabular's reader that digests the file as it goes.
	At io.ReaderAt
	// ItemsHint is about how many licenses the file holds (0: unknown),
	// to size an item list once instead of growing it; never trusted
	// past one item per minReservedItem bytes of the file.
	ItemsHint int
	// Ctx ends the first pass over a streamed file early (Ctrl-C): a
	// gigabyte dump is walked whole before its first record.
	Ctx context.Context
}

// Read parses a JSON export in any of the shapes exports come in:
// one array of objects, one object (a single license), a JSON:API page
// or single-resource document, JSON Lines, or several such values one
// after another (cat page-1.json page-2.json). Every license item is kept
// with its line. A saved error document is refused; valid JSON in a
// shape that holds no licenses is refused naming what it holds.
func Read(in Input) (*Doc, error) {
	if in.File != nil {
		return readJSONStream(in)
	}
	data, err := io.ReadAll(in.Reader)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Path, err)
	}
	r := &jsonReader{path: in.Path, data: data, doc: &Doc{Top: map[string]json.RawMessage{}}}
	return r.doc, r.values()
}

// ReadPage parses one page of a live API answer, held in memory: the
// same shapes as Read, but each license is numbered by its place in
// the page (item 1, 2, …) rather than by line, since an API body has no
// lines a user could open.
func ReadPage(label string, data []byte) (*Doc, error) {
	r := &jsonReader{path: label, data: data, doc: &Doc{Top: map[string]json.RawMessage{}}, byItem: true}
	return r.doc, r.values()
}

// MaxValueBytes bounds one JSON value: each license or included resource
// in a list, a single license object, and a document's other members
// together (links, meta). The first pass never buffers more than a few
// times this ahead of the last value it took, whatever follows (a
// gigabyte string, or bytes that are not JSON), so a file costs its
// index, not its size, even when it is malformed.
const MaxValueBytes = 1 << 20

// errValueTooLarge is a value past MaxValueBytes.
var errValueTooLarge = fmt.Errorf("a JSON value larger than %d MiB: a license export holds none (a license is a few hundred bytes); is it cut, or not JSON?", MaxValueBytes>>20)

// valueSlack is how far past the start of the value it is reading the
// decoder may read ahead before the read is refused as too large: the
// decoder reads in blocks, so the bound is MaxValueBytes exactly only
// once the value is whole (see streamer.checkSize).
const valueSlack = 2 << 20
