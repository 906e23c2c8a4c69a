package tabular

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// readAllCSV reads every row of in through NewCSV, with its line and
// error (a row error stands in for its row).
func readAllCSV(t *testing.T, in string) (header []string, rows [][]string, lines []int, errs []error) {
	t.Helper()
	cr, err := NewCSV(&Open{Path: "t.csv", Reader: bufio.NewReader(strings.NewReader(in))})
	if err != nil {
		return nil, nil, nil, []error{err}
	}
	for {
		row, line, err := cr.Next()
		if errors.Is(err, io.EOF) {
			return cr.Header, rows, lines, errs
		}
		lines = append(lines, line)
		rows = append(rows, append([]string(nil), row...))
		if err != nil {
			errs = append(errs, err)
			var ce *CountError
			if !errors.As(err, &ce) {
				return cr.Header, rows, lines, errs
			}
		}
	}
}

func TestCSVLineEnds(t *testing.T) {
	tests := map[string]struct {
		in    string
		rows  [][]string
		lines []int
	}{
		"CRLF inside quotes is kept byte for byte": {
			"key,note\r\nK1,\"a\r\nb\"\r\nK2,c\r\n",
			[][]string{{"K1", "a\r\nb"}, {"K2", "c"}}, []int{2, 4}},
		"LF inside quotes is kept": {
			"key,note\nK1,\"a\nb\"\nK2,c\n",
			[][]string{{"K1", "a\nb"}, {"K2", "c"}}, []int{2, 4}},
		"lone CR ends lines (old Mac), never merges rows": {
			"key,note\rK1,a\rK2,b\rK3,c",
			[][]string{{"K1", "a"}, {"K2", "b"}, {"K3", "c"}}, []int{2, 3, 4}},
		"lone CR inside quotes is kept and counted as a line": {
			"key,note\rK1,\"a\rb\"\rK2,c\r",
			[][]string{{"K1", "a\rb"}, {"K2", "c"}}, []int{2, 4}},
		"empty lines of every kind are skipped": {
			"key,note\r\n\r\n\n\rK1,a\n",
			[][]string{{"K1", "a"}}, []int{5}},
		"Excel's sep= line sets the delimiter and is not the header": {
			"sep=;\r\nkey;note\r\nK1;a,b\r\n",
			[][]string{{"K1", "a,b"}}, []int{3}},
		"sep= with a tab": {
			"sep=\t\nkey\tnote\nK1\ta;b,c\n",
			[][]string{{"K1", "a;b,c"}}, []int{3}},
		"a header column named sep=… is a header": {
			"sep=x,key\n1,K1\n",
			[][]string{{"1", "K1"}}, []int{2}},
		"doubled quotes and delimiters in quotes": {
			"key,note\nK1,\"say \"\"hi\"\", ok\"\n",
			[][]string{{"K1", `say "hi", ok`}}, []int{2}},
	}
	for name, tc := range tests {
		_, rows, lines, errs := readAllCSV(t, tc.in)
		if len(errs) > 0 {
			t.Errorf("%s: %v", name, errs)
			continue
		}
		if diff := cmp.Diff(tc.rows, rows); diff != "" || !cmp.Equal(tc.lines, lines) {
			t.Errorf("%s: rows (-want +got):\n%s\nlines %v, want %v", name, diff, lines, tc.lines)
		}
	}
}

func TestCSVRefusals(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"a row cut short":          {"key,status,expires_at\nK1,active,2030-01-01\nK2,suspended\n", "the row has 2 cells but the header has 3: the file may be truncated"},
		"a row with a cell more":   {"key,status\nK1,active,x\n", "the row has 3 cells but the header has 2: a cell may hold the delimiter without quotes"},
		"a file cut inside quotes": {"key,note\nK1,\"abc\n", "line 2: cell 2 (the record starts on line 2, the problem is on line 3): a quoted cell is never closed: the file may be truncated"},
		"a bare quote":             {"key,note\nK1,ab\"c\n", "line 2: cell 2: a quote (\") inside a cell that does not start with one"},
		"text after a quote":       {"key,note\nK1,\"ab\"c\n", "line 2: cell 2: text after the closing quote"},
		"no header":                {"\r\n\n", "t.csv: the file is empty; it needs a header row"},
		"a sep= line with a pipe":  {"sep=|\nkey|note\n", "t.csv:1: the first line sets the delimiter to '|' (sep=)"},
	}
	for name, tc := range tests {
		_, _, _, errs := readAllCSV(t, tc.in)
		if len(errs) == 0 {
			t.Errorf("%s: no error", name)
			continue
		}
		if got := errs[len(errs)-1].Error(); !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q\nwant it to hold %q", name, got, tc.want)
		}
	}
}

// TestCSVCountErrorsGoOn: every ragged row is reported, and the rows
// after one are still read.
func TestCSVCountErrorsGoOn(t *testing.T) {
	_, rows, lines, errs := readAllCSV(t, "key,status\nK1\nK2,active\nK3,a,b\n")
	if len(errs) != 2 || len(rows) != 3 || !cmp.Equal(lines, []int{2, 3, 4}) || rows[1][0] != "K2" {
		t.Fatalf("rows %q lines %v errs %v", rows, lines, errs)
	}
}

// TestCSVRecordLimit: a record is bounded even when it arrives in
// one-byte reads, and a huge quoted cell is refused, not buffered.
func TestCSVRecordLimit(t *testing.T) {
	p := newCSVParser(iotest.OneByteReader(strings.NewReader("a,\""+strings.Repeat("x", 100)+"\"\n")), ',', 1)
	p.max = 50
	if _, err := p.read(); !isTooLarge(err) {
		t.Fatalf("err %v, want a too-large record", err)
	}
}

// FuzzCSVParser holds the parser to encoding/csv on input without CR
// (where the two must agree): the same records on the same lines, and an
// error on the same inputs. Reads of one byte at a time cross every
// buffer boundary.
func FuzzCSVParser(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "\"a\nb\",c\n\n\nd", "a\"b", "\"a\"b", "\"abc", "x,\"\",\"\"\"\"\n,\n", "  ,\" \"\n", "a,", "\n\n", "é,\xff\n"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, in string, oneByte bool) {
		if strings.IndexByte(in, '\r') >= 0 {
			t.Skip("encoding/csv rewrites CR")
		}
		want := csv.NewReader(strings.NewReader(in))
		want.FieldsPerRecord = -1
		var r io.Reader = strings.NewReader(in)
		if oneByte {
			r = iotest.OneByteReader(r)
		}
		got := newCSVParser(r, ',', 1)
		for {
			wrec, werr := want.Read()
			grec, gerr := got.read()
			if (werr == nil) != (gerr == nil) || errors.Is(werr, io.EOF) != errors.Is(gerr, io.EOF) {
				t.Fatalf("%q: encoding/csv %q %v; parser %q %v", in, wrec, werr, grec, gerr)
			}
			if werr != nil {
				return
			}
			wline, _ := want.FieldPos(0)
			if !cmp.Equal(wrec, grec) || wline != got.start {
				t.Fatalf("%q: encoding/csv %q on line %d; parser %q on line %d", in, wrec, wline, grec, got.start)
			}
		}
	})
}

func BenchmarkCSVParser(b *testing.B) {
	var in bytes.Buffer
	for range 10_000 {
		in.WriteString("K-0001-ABCD-EFGH,active,someone@example.com,2030-01-01T00:00:00Z,\"{\"\"a\"\": 1}\",Åsa Lind\n")
	}
	b.SetBytes(int64(in.Len()))
	for b.Loop() {
		p := newCSVParser(bytes.NewReader(in.Bytes()), ',', 1)
		for {
			if _, err := p.read(); err != nil {
				break
			}
		}
	}
}
