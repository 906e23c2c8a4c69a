package tabular

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEmptyJSONExport: a .json export with nothing but white space is
// refused in JSON's terms, naming the file and what a JSON export holds,
// not with the CSV reader's "needs a header row"; an empty .csv keeps
// the CSV wording.
func TestEmptyJSONExport(t *testing.T) {
	cases := map[string]struct{ name, body, want, not string }{
		"empty":             {"licenses.json", "", "licenses.json: the file is empty; a JSON export holds", "header row"},
		"white space only":  {"licenses.json", " \r\n\t\n", "licenses.json: the file is empty; a JSON export holds", "header row"},
		"upper case name":   {"LICENSES.JSON", "\n", "LICENSES.JSON: the file is empty; a JSON export holds", "header row"},
		"a byte-order mark": {"licenses.json", "\ufeff\n", "licenses.json: the file is empty; a JSON export holds", "header row"},
		"an empty csv":      {"licenses.csv", "", "licenses.csv: the file is empty; it needs a header row", "JSON"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), c.name)
			if err := os.WriteFile(path, []byte(c.body), 0o644); err != nil {
				t.Fatal(err)
			}
			o, err := OpenFile(path, c.name)
			if err == nil {
				defer o.Close()
				_, err = NewCSV(o)
			}
			if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), c.not) {
				t.Errorf("error %v, want one holding %q and not %q", err, c.want, c.not)
			}
		})
	}
}
