package tabular

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
)

// csvParser reads RFC 4180 records exactly. encoding/csv would do,
// except that it rewrites a CRLF inside a quoted cell as LF (a note or a
// name written on two lines in Excel would change) and keeps a lone CR
// inside a cell (an old Mac export, whose lines end in CR alone, would
// read as one row and lose every license but the first). Here:
//
//   - a quoted cell keeps every byte between its quotes ("" is one quote);
//   - outside quotes a record ends at LF, CRLF or a lone CR;
//   - empty lines are skipped, as encoding/csv skips them;
//   - a quote inside an unquoted cell, text after a closing quote, and a
//     quoted cell still open at the end of the file are errors.
//
// On input without CR it reads the same records, on the same lines, and
// fails on the same inputs as encoding/csv: FuzzCSVParser holds that.
type csvParser struct {
	r        io.Reader
	buf      []byte
	pos, end int
	err      error // a read error other than io.EOF
	eof      bool
	comma    byte
	// line is the line of buf[pos]; start is the line the record being
	// read starts on. lastCR notes a CR just counted inside quotes, so
	// that its LF does not count a second line.
	line, start int
	lastCR      bool
	// max bounds the bytes of one record; taken counts them.
	max, taken int
	// stops are the bytes that end an unquoted cell's text.
	stops [256]bool
	rec   []byte
	ends  []int
	row   []string
}

const csvReadChunk = 64 << 10

func newCSVParser(r io.Reader, comma byte, line int) *csvParser {
	p := &csvParser{r: r, buf: make([]byte, csvReadChunk), comma: comma, line: line, max: MaxRecordBytes}
	for _, c := range []byte{comma, '\n', '\r', '"'} {
		p.stops[c] = true
	}
	return p
}

// Errors a cell can have; each names what to do in the exported file.
var (
	errBareQuote  = errors.New("a quote (\") inside a cell that does not start with one; quote the whole cell and double the quotes inside it (\"\")")
	errAfterQuote = errors.New("text after the closing quote of a quoted cell; double a quote that belongs to the cell (\"\")")
	errOpenQuote  = errors.New("a quoted cell is never closed: the file may be truncated, or a closing quote is missing")
)

// fill reads more bytes once buf[pos:end] is used up; false at the end
// of the input (or on a read error, kept in p.err).
func (p *csvParser) fill() bool {
	for p.pos == p.end {
		if p.eof {
			return false
		}
		n, err := p.r.Read(p.buf)
		p.pos, p.end = 0, n
		if err != nil {
			p.eof = true
			if !errors.Is(err, io.EOF) {
				p.err = err
			}
		}
	}
	return true
}

// peek is the next byte without taking it.
func (p *csvParser) peek() (byte, bool) {
	if p.pos == p.end && !p.fill() {
		return 0, false
	}
	return p.buf[p.pos], true
}

// skip takes n bytes of the record that are not cell text.
func (p *csvParser) skip(n int) error {
	p.pos += n
	p.taken += n
	if p.taken > p.max {
		return errRecordTooLarge
	}
	return nil
}

// take appends buf[pos:i] to the cell being read.
func (p *csvParser) take(i int) error {
	p.rec = append(p.rec, p.buf[p.pos:i]...)
	return p.skip(i - p.pos)
}

// lineEnd takes the line end at pos (LF, CR or CRLF): a CR's LF may lie
// in the next read.
func (p *csvParser) lineEnd() {
	c := p.buf[p.pos]
	p.pos++
	p.line++
	if c == '\r' {
		if next, ok := p.peek(); ok && next == '\n' {
			p.pos++
		}
	}
}

// read returns the next record; its cells share one string and the slice
// is reused by the next call. io.EOF at the end of the input.
func (p *csvParser) read() ([]string, error) {
	for {
		c, ok := p.peek()
		if !ok {
			return nil, p.endErr()
		}
		if c != '\n' && c != '\r' {
			break
		}
		p.lineEnd() // an empty line
	}
	p.start, p.taken = p.line, 0
	p.rec, p.ends = p.rec[:0], p.ends[:0]
	for {
		if err := p.cell(); err != nil {
			return nil, err
		}
		p.ends = append(p.ends, len(p.rec))
		c, ok := p.peek()
		if !ok {
			break
		}
		if c != p.comma {
			p.lineEnd()
			break
		}
		if err := p.skip(1); err != nil {
			return nil, err
		}
	}
	return p.cells(), nil
}

func (p *csvParser) endErr() error {
	if p.err != nil {
		return p.err
	}
	return io.EOF
}

// cell reads one cell, leaving pos at the delimiter, the line end or the
// end of the input.
func (p *csvParser) cell() error {
	if c, ok := p.peek(); ok && c == '"' {
		if err := p.skip(1); err != nil {
			return err
		}
		return p.quoted()
	}
	for {
		if !p.fill() {
			return p.err
		}
		i := p.pos
		for i < p.end && !p.stops[p.buf[i]] {
			i++
		}
		if err := p.take(i); err != nil {
			return err
		}
		if i < p.end {
			if p.buf[i] == '"' {
				return p.cellErr(errBareQuote)
			}
			return nil
		}
	}
}

// quoted reads a quoted cell after its opening quote, keeping line breaks
// (CRLF, LF, CR) exactly as written.
func (p *csvParser) quoted() error {
	for {
		if !p.fill() {
			if p.err != nil {
				return p.err
			}
			return p.cellErr(errOpenQuote)
		}
		i := p.end
		if q := bytes.IndexByte(p.buf[p.pos:p.end], '"'); q >= 0 {
			i = p.pos + q
		}
		p.countLines(p.buf[p.pos:i])
		if err := p.take(i); err != nil {
			return err
		}
		if i == p.end {
			continue
		}
		p.lastCR = false
		if err := p.skip(1); err != nil { // the closing quote, or the first of ""
			return err
		}
		c, ok := p.peek()
		switch {
		case !ok || c == p.comma || c == '\n' || c == '\r':
			return p.err
		case c == '"':
			p.rec = append(p.rec, '"')
			if err := p.skip(1); err != nil {
				return err
			}
		default:
			return p.cellErr(errAfterQuote)
		}
	}
}

// countLines counts the line breaks in quoted text: LF, CRLF and a lone
// CR are one each, also when a CRLF is split between two reads.
func (p *csvParser) countLines(b []byte) {
	if len(b) == 0 {
		return
	}
	if bytes.IndexByte(b, '\r') < 0 {
		n := jsonindex.CountLines(b)
		if p.lastCR && b[0] == '\n' {
			n--
		}
		p.line += n
		p.lastCR = false
		return
	}
	for _, c := range b {
		switch {
		case c == '\r':
			p.line++
		case c == '\n' && !p.lastCR:
			p.line++
		}
		p.lastCR = c == '\r'
	}
}

// cellErr locates a problem in the cell being read.
func (p *csvParser) cellErr(err error) error {
	where := fmt.Sprintf("cell %d", len(p.ends)+1)
	if p.line != p.start {
		where += fmt.Sprintf(" (the record starts on line %d, the problem is on line %d)", p.start, p.line)
	}
	return &LineError{Line: p.start, Err: fmt.Errorf("%s: %w", where, err)}
}

// cells cuts the record's text into its cells, one string for all.
func (p *csvParser) cells() []string {
	s := string(p.rec)
	p.row = p.row[:0]
	from := 0
	for _, to := range p.ends {
		p.row = append(p.row, s[from:to])
		from = to
	}
	return p.row
}
