// Package tabular is the shared reading layer under every source: it
// finds the files a path glob names, decodes UTF-8 (with or without a BOM)
// and UTF-16 (with a BOM), tells CSV from JSON by content, sniffs the CSV
// delimiter, matches header names after normalisation, and keeps the line
// of every row so errors can point at it.
package tabular

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Glob returns the files a source path names, sorted, so paged API dumps
// (page-1.json, page-2.json, …) read as one source in a stable order.
func Glob(pattern string) ([]string, error) {
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return nil, fmt.Errorf("path %q: %w", pattern, err)
	}
	var files []string
	for _, m := range matches {
		if st, err := os.Stat(m); err == nil && !st.IsDir() {
			files = append(files, m)
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("path %q matches no file; check the source's path: (it is relative to the config file)", pattern)
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
	Path    string // as shown to users
	Format  Format
	Reader  *bufio.Reader
	closer  io.Closer
	bomLine int
}

// Close releases the file.
func (o *Open) Close() error { return o.closer.Close() }

// OpenFile opens an export and detects its encoding and format from the
// first bytes: a UTF-16 BOM means UTF-16, a UTF-8 BOM is dropped, and a
// first non-space byte of { or [ means JSON.
func OpenFile(path, display string) (*Open, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", display, err)
	}
	br := bufio.NewReaderSize(f, 1<<20)
	head, _ := br.Peek(4)
	var r io.Reader = br
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		r = transform.NewReader(br, unicode.BOMOverride(dec))
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		_, _ = br.Discard(3)
	}
	o := &Open{Path: display, closer: f}
	if r == io.Reader(br) {
		o.Reader = br
	} else {
		o.Reader = bufio.NewReaderSize(r, 1<<20)
	}
	o.Format = sniffFormat(o.Reader)
	return o, nil
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
		if b == '\n' {
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
