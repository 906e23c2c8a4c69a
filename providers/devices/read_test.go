package devices

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/providers/readertest"
)

// gadgets is a made-up platform's device list: items with a "gadget"
// member naming their license.
var gadgets = Spec{Noun: "gadgets", Decode: func(item []byte) (Device, bool, error) {
	var g struct {
		Gadget *string `json:"gadget"`
	}
	if json.Unmarshal(item, &g) != nil || g.Gadget == nil {
		return Device{}, false, nil
	}
	return Device{LicenseID: *g.Gadget}, true, nil
}}

// TestReadFiles: device pages are told by their first item, read whole
// (pages concatenated in one file too) with each item's line, and their
// page chains proven whole; any other file is left alone.
func TestReadFiles(t *testing.T) {
	page := func(n, last int, ids ...string) string {
		var items []string
		for _, id := range ids {
			items = append(items, `{"gadget":"`+id+`"}`)
		}
		return `{"meta":{"page":{"currentPage":` + itoa(n) + `,"lastPage":` + itoa(last) + `,"total":3}},` +
			"\n" + `"data":[` + strings.Join(items, ",\n") + "]}\n"
	}
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string // LicenseID@Where
		err   string
	}{
		{"pages apart, licenses left alone", map[string]string{"a.json": page(1, 2, "l1", "l2"), "b.json": page(2, 2, "l3"),
			"lic.json": `[{"key":"K"}]`, "lic.csv": "key\nK\n"}, []string{"l1@a.json:2", "l2@a.json:3", "l3@b.json:2"}, ""},
		{"a byte-order mark", map[string]string{"a.json": "\ufeff[\n" + `{"gadget":"l1"}]`}, []string{"l1@a.json:2"}, ""},
		// the license reader reads UTF-16 with a byte-order mark (Windows'
		// "Unicode" text), so a device page so saved is a device page.
		{"UTF-16 little-endian", map[string]string{"a.json": string(readertest.UTF16(page(1, 1, "l1", "l2", "l3")))},
			[]string{"l1@a.json:2", "l2@a.json:3", "l3@a.json:4"}, ""},
		{"UTF-16 big-endian", map[string]string{"a.json": utf16BE(`[` + "\n" + `{"gadget":"é1"}]`)}, []string{"é1@a.json:2"}, ""},
		{"pages concatenated", map[string]string{"a.json": page(1, 2, "l1", "l2") + page(2, 2, "l3")},
			[]string{"l1@a.json:2", "l2@a.json:3", "l3@a.json:5"}, ""},
		{"a page missing", map[string]string{"a.json": page(1, 2, "l1", "l2")}, nil,
			"gadgets pages: the export is incomplete: a.json:1 says 2 pages / 3 gadgets (missing page 2); the glob holds 1 page / 2 gadgets"},
		{"licenses after a device page", map[string]string{"a.json": page(1, 1, "l1") + `[{"key":"K"}]`}, nil,
			"a.json:3: a value that is not a page of gadgets follows the gadgets pages"},
		{"another item in a device page", map[string]string{"a.json": `[{"gadget":"l1"},` + "\n" + `{"key":"K"}]`}, nil,
			"a.json:2: item 2 is not one of the gadgets the page starts with"},
		{"a page holding data twice", map[string]string{"a.json": `{"data":[{"gadget":"l1"}],` + "\n" + `"data":[{"gadget":"l2"}]}`}, nil,
			`a.json:1: the page of gadgets holds "data" twice`},
		{"a device page that does not end", map[string]string{"a.json": `[{"gadget":"l1"},` + "\n" + `{"gadget":`}, nil,
			"a.json:1: the page of gadgets does not parse"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var files []string
			for name, body := range tc.files {
				files = append(files, filepath.Join(dir, name))
				if err := os.WriteFile(files[len(files)-1], []byte(body), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			sort.Strings(files) // as a glob gives them
			ds, err := ReadFiles(gadgets, files, filepath.Base)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range ds {
				got = append(got, d.LicenseID+"@"+d.Where)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("devices (-want +got):\n%s", d)
			}
		})
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestEmptyPages: an empty list cannot be told by its items, so it is a
// page of devices only where the page says so: its JSON:API links.self
// names the platform's device list, or its file name is the one pull's
// snapshot gives device pages (devices-NNNNNN.json). Any other empty
// list stays the license reader's (zero licenses).
func TestEmptyPages(t *testing.T) {
	spec := gadgets
	spec.Path = "/gadgets"
	for _, tc := range []struct {
		name, file, body string
		want             bool
	}{
		{"links.self names the device list", "a.json", `{"data":[],"links":{"self":"/v1/accounts/x/gadgets?page[number]=1"}}`, true},
		{"links before data", "a.json", `{"links":{"self":"https://api.example.com/v1/gadgets"},"meta":{},"data":[]}`, true},
		{"links.self names another list", "a.json", `{"data":[],"links":{"self":"/v1/accounts/x/licenses?page[number]=1"}}`, false},
		{"a list named like the device list's", "a.json", `{"data":[],"links":{"self":"/v1/gadgets/x/licenses"}}`, false},
		{"a snapshot's device page", "devices-000001.json", `[]`, true},
		{"a snapshot's JSON:API device page", "devices-000002.json", `{"data":[]}`, true},
		{"a bare empty list", "a.json", `[]`, false},
		{"an empty page saying nothing", "a.json", `{"data":[]}`, false},
		{"a snapshot's license page", "licenses-000001.json", `[]`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tc.file)
			if err := os.WriteFile(path, []byte(tc.body), 0o600); err != nil {
				t.Fatal(err)
			}
			is, err := IsPage(spec, path, tc.file)
			if err != nil || is != tc.want {
				t.Fatalf("IsPage = %v, %v; want %v", is, err, tc.want)
			}
			ds, err := ReadFiles(spec, []string{path}, filepath.Base)
			if err != nil || len(ds) != 0 {
				t.Fatalf("ReadFiles = %d devices, %v; want none", len(ds), err)
			}
		})
	}
}

// utf16BE is text in UTF-16 big-endian, with its byte-order mark.
func utf16BE(text string) string {
	le := readertest.UTF16(text)
	for i := 0; i+1 < len(le); i += 2 {
		le[i], le[i+1] = le[i+1], le[i]
	}
	return string(le)
}

// TestLoneDevices: a device outside a list (JSON Lines of devices, or one
// saved by itself) is neither a device page nor licenses: both readers
// refuse it at its line, saying to export the list's pages, where the
// license reader read it as a license of a kind it is not.
func TestLoneDevices(t *testing.T) {
	for name, body := range map[string]string{
		"JSON Lines": `{"gadget":"l1"}` + "\n" + `{"gadget":"l2"}` + "\n",
		"one alone":  "\n" + `{"other":1,"gadget":"l1"}`,
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "a.json")
			if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			want := "a.json:" + itoa(1+strings.Count(body[:strings.Index(body, "{")], "\n")) + ": a gadget outside a list"
			if _, err := IsPage(gadgets, path, "a.json"); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("IsPage: %v, want an error containing %q", err, want)
			}
			if _, err := ReadFiles(gadgets, []string{path}, filepath.Base); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("ReadFiles: %v, want an error containing %q", err, want)
			}
		})
	}
}
