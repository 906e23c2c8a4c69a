package tabular

import (
	"bufio"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"license.user.email": "licenseuseremail", "user_email": "useremail", "userEmail": "useremail",
		"Customer email": "customeremail", "Email": "email", "Expires-At": "expiresat", "KEY": "key",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFind(t *testing.T) {
	cols := NewColumns([]string{"license.key", "license.user.email", "Status", "status_formatted", "key_short"})
	tests := map[string]struct {
		aliases []string
		want    int
	}{
		"dotted path found without its wrapper": {[]string{"useremail", "email"}, 1},
		"exact name beats a longer one":         {[]string{"status"}, 2},
		"key_short is never the key":            {[]string{"key"}, 0},
		"absent":                                {[]string{"expiry"}, -1},
	}
	for name, tc := range tests {
		got, _ := cols.Find(tc.aliases)
		if got != tc.want {
			t.Errorf("%s: column %d, want %d", name, got, tc.want)
		}
	}
}

func TestSniffDelimiter(t *testing.T) {
	for in, want := range map[string]rune{
		"a,b,c\n1,2,3":                   ',',
		"a;b;c\r\n1;2;3":                 ';',
		"a\tb\tc\n":                      '\t',
		`"x;y",b,c` + "\n":               ',', // delimiters inside quotes do not count
		"key;status;metadata\n1;2;{a,b}": ';',
		"key;status\r1,2,3,4,5\r":        ';', // a lone CR ends the header line
	} {
		if got := SniffDelimiter(bufio.NewReader(strings.NewReader(in))); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func TestCSVTrickyCells(t *testing.T) {
	in := "\ufeffkey;note;meta\r\n" +
		"\"A;1\";\"line 1\r\nline 2\";\"{\"\"a\"\": \"\"b\"\"}\"\r\n" +
		"\r\n" +
		"-LEADING=/.key;;\r\n"
	o := &Open{Path: "t.csv", Reader: bufio.NewReader(strings.NewReader(strings.TrimPrefix(in, "\ufeff")))}
	cr, err := NewCSV(o)
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	var lines []int
	for {
		row, line, err := cr.Next()
		if err != nil {
			break
		}
		got = append(got, append([]string(nil), row...))
		lines = append(lines, line)
	}
	want := [][]string{{"A;1", "line 1\r\nline 2", `{"a": "b"}`}, {"-LEADING=/.key", "", ""}}
	if diff := cmp.Diff(want, got); diff != "" || !cmp.Equal(lines, []int{2, 5}) {
		t.Fatalf("rows (-want +got):\n%s\nlines %v, want [2 5]", diff, lines)
	}
}
