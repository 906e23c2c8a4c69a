package tabular

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/providers/readertest"
	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
)

// walkIDs is the ids Each walks on a page, or the error that ends it.
func walkIDs(t *testing.T, page string) ([]string, string) {
	t.Helper()
	doc, err := jsonindex.ReadPage("page.json", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	err = (&Licenses{doc: doc, file: "page.json"}).Each("licenses", func(l *License) { ids = append(ids, l.ID) })
	if err != nil {
		return ids, err.Error()
	}
	return ids, ""
}

// A resource of another type in a license page's "data" is a located
// error naming its type and id, wherever it lies, and no license of the
// page is walked; other types in "included", or a "data" of another type
// whose licenses lie in "included", stay accepted.
func TestMixedDataRefused(t *testing.T) {
	const lic = `{"type":"licenses","id":"l%d","attributes":{"key":"K"}}`
	l1, l2 := fmt.Sprintf(lic, 1), fmt.Sprintf(lic, 2)
	const beside = `in "data" beside "licenses": the license reader expects "licenses" only there (other types belong in "included"); split the page into one page per type, or remove the item`
	for _, tc := range []struct {
		name, page string
		ids        []string
		err        string
	}{
		{"machine after", `{"data":[` + l1 + ",\n" + `{"type":"machines","id":"m1","attributes":{}},` + "\n" + l2 + `]}`,
			nil, `page.json:2: a "machines" resource (id "m1") ` + beside},
		{"instance first", `{"data":[{"type":"license-key-instances","id":"9","attributes":{}},` + l1 + `]}`,
			nil, `page.json:1: a "license-key-instances" resource (id "9") ` + beside},
		{"no type", `{"data":[` + l1 + `,{"id":"x","attributes":{}}]}`,
			nil, `page.json:2: an item with no "type" ` + beside},
		{"others included", `{"data":[` + l1 + `,` + l2 + `],"included":[{"type":"machines","id":"m1","attributes":{}}]}`,
			[]string{"l1", "l2"}, ""},
		{"licenses included", `{"data":[{"type":"orders","id":"o1","attributes":{}}],"included":[` + l1 + `]}`,
			[]string{"l1"}, ""},
		{"another type", `{"data":[{"type":"orders","id":"o1","attributes":{}},{"type":"orders","id":"o2","attributes":{}}]}`,
			nil, `page.json:1: this JSON:API page holds 2 "orders", not "licenses" resources: export the licenses themselves (or include=licenses)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ids, err := walkIDs(t, tc.page)
			if diff := cmp.Diff(tc.ids, ids); diff != "" {
				t.Errorf("licenses walked (-want +got):\n%s", diff)
			}
			if err != tc.err {
				t.Errorf("error:\n got %s\nwant %s", err, tc.err)
			}
		})
	}
}

// A large dump read chunked on every core gives what reading it whole
// gives (a UTF-16 copy is never streamed) when its "data" is not all
// licenses: the same located error for a stray resource past the first
// chunk or for a list of another type, and each license included beside
// a list of orders once, not once per chunk.
func TestMixedChunkedMatchesWhole(t *testing.T) {
	defer func(old int) { jsonindex.ChunkItems = old }(jsonindex.ChunkItems)
	jsonindex.ChunkItems = 4
	list := func(n int, typ func(i int) string) string {
		var items []string
		for i := range n {
			items = append(items, fmt.Sprintf(`{"id":"r%d","type":"%s","attributes":{"key":"K-%d"}}`, i, typ(i), i))
		}
		return strings.Join(items, ",\n")
	}
	licenses := func(int) string { return "licenses" }
	orders := func(int) string { return "orders" }
	for _, tc := range []struct {
		name, dump string
		records    int
		err        string
	}{
		{"stray past the first chunk", "{\"data\":[\n" + list(30, func(i int) string {
			if i == 17 {
				return "machines"
			}
			return "licenses"
		}) + "\n]}\n", 0, `FILE:19: a "machines" resource (id "r17") in "data" beside "licenses"`},
		{"orders without licenses", "{\"data\":[\n" + list(30, orders) + "\n]}\n",
			0, `FILE:2: this JSON:API page holds 30 "orders", not "licenses" resources`},
		{"orders with licenses included", "{\"data\":[\n" + list(30, orders) + "\n],\"included\":[\n" + list(10, licenses) + "\n]}\n",
			10, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			plain, wide := filepath.Join(dir, "plain.json"), filepath.Join(dir, "wide.json")
			if os.WriteFile(plain, []byte(tc.dump), 0o600) != nil || os.WriteFile(wide, readertest.UTF16(tc.dump), 0o600) != nil {
				t.Fatal("write")
			}
			chunked, whole := readFuzz(plain), readFuzz(wide)
			if diff := cmp.Diff(whole, chunked); diff != "" {
				t.Errorf("chunked read differs from reading whole (-whole +chunked):\n%s", diff)
			}
			if len(whole.Values) != tc.records || tc.err == "" && len(whole.Errs) > 0 ||
				tc.err != "" && (len(whole.Errs) != 1 || !strings.HasPrefix(whole.Errs[0], tc.err)) {
				t.Errorf("read %d records, errors %q; want %d, %q", len(whole.Values), whole.Errs, tc.records, tc.err)
			}
		})
	}
}
