package tabular

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// CSVReader reads rows with the line each starts on.
type CSVReader struct {
	p         *csvParser
	path      string
	Header    []string
	Delimiter rune
}

// NewCSV reads the header row (after Excel's "sep=" line, if any). Quoted
// cells may hold the delimiter, doubled quotes and line breaks, kept as
// written; lines may end in LF, CRLF or CR.
func NewCSV(o *Open) (*CSVReader, error) {
	d, line, err := excelSep(o.Reader, o.Path)
	if err != nil {
		return nil, err
	}
	if d == 0 {
		d = SniffDelimiter(o.Reader)
	}
	p := newCSVParser(o.Reader, byte(d), line)
	header, err := p.read()
	switch {
	case errors.Is(err, io.EOF):
		return nil, fmt.Errorf("%s: the file is empty; it needs a header row", o.Path)
	case isTooLarge(err):
		return nil, fmt.Errorf("%s:%d: header: %v", o.Path, p.start, err)
	case err != nil:
		return nil, fmt.Errorf("%s: header: %w", o.Path, err)
	}
	h := make([]string, len(header))
	for i, c := range header {
		h[i] = strings.TrimSpace(c)
	}
	return &CSVReader{p: p, path: o.Path, Header: h, Delimiter: d}, nil
}

// excelSep reads Excel's optional first line "sep=X", which names the
// delimiter and is not the header; the line the header starts on follows.
// Excel writes and reads it for any single character; a license export
// uses comma, semicolon or tab, and anything else is refused by name.
func excelSep(r *bufio.Reader, path string) (rune, int, error) {
	head, _ := r.Peek(7)
	if len(head) < 5 || !bytes.EqualFold(head[:4], []byte("sep=")) {
		return 0, 1, nil
	}
	rest := head[5:]
	n := 5
	switch {
	case len(rest) == 0:
	case bytes.HasPrefix(rest, []byte("\r\n")):
		n += 2
	case rest[0] == '\n' || rest[0] == '\r':
		n++
	default:
		return 0, 1, nil // a header whose first column is named "sep=…"
	}
	switch d := rune(head[4]); d {
	case ',', ';', '\t':
		_, _ = r.Discard(n)
		return d, 2, nil
	default:
		return 0, 0, fmt.Errorf("%s:1: the first line sets the delimiter to %q (sep=); only comma, semicolon or tab are read: save the export with one of them", path, d)
	}
}

// Next returns the next non-blank row and its first line. The row slice is
// reused by the following call. At the end it returns io.EOF. A row whose
// number of cells is not the header's is a *CountError: reading can go on.
func (c *CSVReader) Next() (row []string, line int, err error) {
	for {
		row, err = c.p.read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, 0, io.EOF
			}
			if isTooLarge(err) {
				return nil, 0, fmt.Errorf("%s: the row at line %d: %w", c.path, c.p.start, err)
			}
			var le *LineError
			if errors.As(err, &le) {
				return nil, le.Line, le
			}
			return nil, 0, err
		}
		line = c.p.start
		if blank(row) {
			continue
		}
		if len(row) != len(c.Header) {
			return nil, line, &CountError{Line: line, Cells: len(row), Header: len(c.Header)}
		}
		return row, line, nil
	}
}

// LineError is a CSV syntax problem on one line; it ends the file's read
// (a broken quote desynchronises the rest).
type LineError struct {
	Line int
	Err  error
}

// Error is "line N: what is wrong".
func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// Unwrap is the problem itself.
func (e *LineError) Unwrap() error { return e.Err }

// CountError is a row with more or fewer cells than the header. A missing
// cell must not read as an empty one: an expiry or a suspension would
// silently drop, so the row is refused.
type CountError struct {
	Line          int
	Cells, Header int
}

// Error names both counts and the likely causes.
func (e *CountError) Error() string {
	hint := "the file may be truncated (cut inside this row), or the row lost cells"
	if e.Cells > e.Header {
		hint = "a cell may hold the delimiter without quotes (quote it), or the file may be truncated and joined to another"
	}
	return fmt.Sprintf("the row has %d cells but the header has %d: %s", e.Cells, e.Header, hint)
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
