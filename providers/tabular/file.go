// Package tabular is the shared reading layer under every source: it
// finds the files a path glob names, decodes UTF-8 (with or without a BOM)
// and UTF-16 (with a BOM), tells CSV from JSON by content, sniffs the CSV
// delimiter, matches header names after normalisation, and keeps the line
// of every row so errors can point at it.
package tabular

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Glob returns the files a source path names, sorted, so paged API dumps
// (page-1.json, page-2.json, …) read as one source in a stable order.
func Glob(pattern string) ([]string, error) {
	if st, err := os.Stat(pattern); err == nil && st.IsDir() {
		return nil, fmt.Errorf("path %q is a folder; name the files in it, e.g. %s", pattern, filepath.Join(pattern, "*.csv"))
	}
	files, err := RegularFiles(pattern)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("path %q matches no file; check the source's path: (it is relative to the config file)", pattern)
	}
	return files, nil
}

// RegularFiles are the regular files pattern matches, in name order
// (none is no error); folders are passed over, and anything else (a FIFO
// never ends, a device blocks on open) is refused before it is opened.
func RegularFiles(pattern string) ([]string, error) {
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return nil, fmt.Errorf("path %q: %w", pattern, err)
	}
	return KeepRegular(matches)
}

// KeepRegular are the regular files of paths, in name order: folders
// (and paths gone since they were listed) are passed over, anything else
// (a FIFO never ends, a device blocks on open) is refused before it is
// opened.
func KeepRegular(paths []string) ([]string, error) {
	var files []string
	for _, m := range paths {
		st, err := os.Stat(m)
		switch {
		case err != nil, st.IsDir():
			continue
		case !st.Mode().IsRegular():
			return nil, fmt.Errorf("%s is not a regular file (%s); point the source's path at an export file", m, st.Mode().Type())
		}
		files = append(files, m)
	}
	sort.Strings(files)
	return files, nil
}

// Format is what a file holds.
type Format string

// The formats.
const (
	CSV  Format = "csv"
	JSON Format = "json"
)

// Open is an opened export: decoded to UTF-8, format detected.
type Open struct {
	Path   string // as shown to users
	Format Format
	// Encoding is "" for UTF-8 (with or without a BOM, or UTF-16 decoded)
	// and "windows-1252" when the file had to be decoded from it.
	Encoding string
	Reader   *bufio.Reader
	closer   io.Closer
	// file and base let a JSON reader stream a plain UTF-8 file in two
	// passes (ReadAt from base, after any UTF-8 BOM); file is nil when the
	// bytes are transformed (UTF-16, Windows-1252).
	file *os.File
	base int64
	// digest, when the source asked for one (openDigested), is the file
	// read through its SHA-256: every read of it goes through digest.
	digest *fileDigest
	// itemsHint is about how many licenses the file holds (0: unknown),
	// to size its item list once instead of growing it.
	itemsHint int
	// ctx ends the first pass over a streamed JSON file early (Ctrl-C):
	// a gigabyte dump is walked whole before its first record.
	ctx context.Context
}

// input is the opened file as the JSON index reads it.
func (o *Open) input() jsonindex.Input {
	in := jsonindex.Input{Path: o.Path, Reader: o.Reader, File: o.file, Base: o.base, ItemsHint: o.itemsHint, Ctx: o.ctx}
	if o.digest != nil {
		in.At = o.digest
	}
	return in
}

// Close releases the file.
func (o *Open) Close() error { return o.closer.Close() }

// OpenFile opens an export and detects its encoding and format from the
// first bytes: a UTF-16 BOM means UTF-16, a UTF-8 BOM is dropped, and a
// first non-space byte of { or [ means JSON.
func OpenFile(path, display string) (*Open, error) { return openFile(path, display, false) }

// openFile is OpenFile; with digest every read of the file goes through
// its SHA-256 (Open.digest).
func openFile(path, display string, digest bool) (*Open, error) {
	if err := checkRegular(path, display); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", display, err)
	}
	bufSize := readBuffer(f)
	var src io.Reader = f
	var d *fileDigest
	if digest {
		d = newFileDigest(f, path)
		src = d
	}
	br := bufio.NewReaderSize(src, bufSize)
	head, _ := br.Peek(4)
	var r io.Reader = br
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		r = transform.NewReader(br, unicode.BOMOverride(dec))
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		_, _ = br.Discard(3)
	}
	o := &Open{Path: display, closer: f, file: f, digest: d}
	if bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}) {
		o.base = 3
	}
	if r == io.Reader(br) {
		o.Reader = br
	} else {
		o.Reader = bufio.NewReaderSize(r, bufSize)
		o.file = nil
	}
	o.Format = sniffFormat(o.Reader)
	if err := emptyJSON(o, path); err != nil {
		f.Close()
		return nil, err
	}
	if o.Format == CSV && windows1252(o.Reader) {
		// Excel's plain "CSV" on Windows: not UTF-8. Decode it so names
		// like "Müller" arrive intact (keys are ASCII in every platform).
		// JSON is UTF-8 by definition (RFC 8259): bytes that are not are
		// kept, and the row holding them is refused.
		o.Reader = bufio.NewReaderSize(transform.NewReader(o.Reader, charmap.Windows1252.NewDecoder()), bufSize)
		o.Encoding = "windows-1252"
		o.file = nil
	}
	return o, nil
}

// readBuffer sizes a file's read buffer: 1 MiB for a large export, the
// file's own size for a small one (a thousand pulled pages must not cost
// a gigabyte of buffers), never below what format sniffing peeks at.
func readBuffer(f *os.File) int {
	const most, least = 1 << 20, 64 << 10
	if st, err := f.Stat(); err == nil && st.Size() < most {
		return max(int(st.Size())+16, least)
	}
	return most
}

// windows1252 reports whether the start of a file is not UTF-8. A
// multi-byte sequence cut by the end of the sample does not count.
func windows1252(r *bufio.Reader) bool {
	head, _ := r.Peek(64 << 10)
	for len(head) > 0 {
		c, size := utf8.DecodeRune(head)
		if c == utf8.RuneError && size == 1 {
			return len(head) >= utf8.UTFMax || utf8.FullRune(head)
		}
		head = head[size:]
	}
	return false
}

// emptyJSON refuses a .json export holding nothing but white space in
// JSON's terms: read as CSV it would be told it lacks a header row, which
// sends its owner looking for the wrong mistake.
func emptyJSON(o *Open, path string) error {
	if o.Format != CSV || !strings.EqualFold(filepath.Ext(path), ".json") {
		return nil
	}
	head, err := o.Reader.Peek(o.Reader.Size())
	if err == nil || len(bytes.TrimLeft(head, " \t\r\n")) > 0 {
		return nil // more than a buffer, or not blank: read as it is
	}
	return fmt.Errorf("%s: the file is empty; a JSON export holds licenses (an array, an object, a JSON:API document or one object per line): export again, or take the file out of the source's path", o.Path)
}

func sniffFormat(r *bufio.Reader) Format {
	head, _ := r.Peek(4096)
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		return JSON
	}
	return CSV
}

// SniffDelimiter picks the CSV delimiter from the header line: the most
// frequent of comma, semicolon and tab outside quotes. European
// spreadsheets write ';', some tools write tabs.
func SniffDelimiter(r *bufio.Reader) rune {
	head, _ := r.Peek(64 << 10)
	counts := map[rune]int{}
	inQuote := false
	for _, b := range head {
		if b == '"' {
			inQuote = !inQuote
			continue
		}
		if inQuote {
			continue
		}
		if b == '\n' || b == '\r' {
			break
		}
		switch b {
		case ',', ';', '\t':
			counts[rune(b)]++
		}
	}
	best := ','
	for _, d := range []rune{';', '\t'} {
		if counts[d] > counts[best] {
			best = d
		}
	}
	return best
}

// DelimiterName is how the mapping review shows a delimiter.
func DelimiterName(d rune) string {
	switch d {
	case '\t':
		return "tab"
	case ';':
		return "semicolon"
	}
	return "comma"
}
