package tabular

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// CSVReader reads rows with the line each starts on.
type CSVReader struct {
	r         *csv.Reader
	limit     *recordLimit
	path      string
	Header    []string
	Delimiter rune
}

// NewCSV reads the header row. Quoted cells may hold the delimiter,
// doubled quotes and newlines; CRLF line ends are accepted.
func NewCSV(o *Open) (*CSVReader, error) {
	d := SniffDelimiter(o.Reader)
	limit := &recordLimit{r: o.Reader, max: MaxRecordBytes}
	r := csv.NewReader(limit)
	r.Comma = d
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	r.LazyQuotes = false
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: the file is empty; it needs a header row", o.Path)
	}
	if isTooLarge(err) {
		return nil, fmt.Errorf("%s:1: header: %v", o.Path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %s", o.Path, csvProblem(err))
	}
	limit.next()
	h := make([]string, len(header))
	for i, c := range header {
		h[i] = strings.TrimSpace(c)
	}
	return &CSVReader{r: r, limit: limit, path: o.Path, Header: h, Delimiter: d}, nil
}

// Next returns the next non-blank row and its first line. The row slice is
// reused by the following call. At the end it returns io.EOF.
func (c *CSVReader) Next() (row []string, line int, err error) {
	for {
		row, err = c.r.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, 0, io.EOF
			}
			if isTooLarge(err) {
				line, _ := c.r.FieldPos(0)
				return nil, 0, fmt.Errorf("%s: the row after line %d: %w", c.path, line, err)
			}
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, pe.StartLine, &LineError{Line: pe.StartLine, Err: errors.New(csvProblem(err))}
			}
			return nil, 0, err
		}
		c.limit.next()
		line, _ = c.r.FieldPos(0)
		if !blank(row) {
			return row, line, nil
		}
	}
}

// LineError is a CSV syntax problem on one line; reading can go on.
type LineError struct {
	Line int
	Err  error
}

// Error is "line N: what is wrong".
func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func csvProblem(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, csv.ErrQuote):
			return fmt.Sprintf("column %d: a quote inside an unquoted cell; quote the whole cell and double inner quotes (\"\")", pe.Column)
		case errors.Is(pe.Err, csv.ErrBareQuote):
			return fmt.Sprintf("column %d: a bare quote in a quoted cell; double it (\"\")", pe.Column)
		}
		return fmt.Sprintf("column %d: %v", pe.Column, pe.Err)
	}
	return err.Error()
}
