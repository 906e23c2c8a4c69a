package tabular

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
)

// kg is a Keygen cursor page: its self and next cursors ("" next: null).
func kg(file, self, next string, items int) pageOf {
	l := map[string]any{"self": "/v1/accounts/a/licenses?page[size]=2&page[cursor]=" + self, "next": nil}
	if next != "" {
		l["next"] = "/v1/accounts/a/licenses?page[cursor]=" + next + "&page[size]=2"
	}
	return pageOf{file, l, nil, items}
}

// ls is a LemonSqueezy page as its docs show it: links first, last,
// next (left out on the last page), prev (left out on the first); no self.
func ls(file string, current, last, total, items int) pageOf {
	link := func(n int) string {
		return fmt.Sprintf("https://api.lemonsqueezy.com/v1/license-keys?page%%5Bnumber%%5D=%d&page%%5Bsize%%5D=2", n)
	}
	l := map[string]any{"first": link(1), "last": link(last)}
	if current < last {
		l["next"] = link(current + 1)
	}
	if current > 1 {
		l["prev"] = link(current - 1)
	}
	meta := map[string]any{"page": map[string]int{"currentPage": current, "lastPage": last, "total": total, "perPage": 2}}
	return pageOf{file, l, meta, items}
}

type pageOf struct {
	file        string
	links, meta map[string]any
	items       int
}

// TestPageSets: a page set is read only when it is provably whole.
func TestPageSets(t *testing.T) {
	offset := func(file string, n int, prev bool) pageOf {
		l := map[string]any{"self": fmt.Sprintf("/v1/accounts/a/licenses?page[number]=%d&page[size]=2", n), "next": nil}
		if prev {
			l["prev"] = fmt.Sprintf("/v1/accounts/a/licenses?page[number]=%d&page[size]=2", n-1)
		}
		return pageOf{file, l, nil, 1}
	}
	users := kg("u.json", "", "", 3)
	users.links["self"] = "/v1/accounts/a/users?page[size]=2&page[cursor]="
	for _, tc := range []struct {
		name  string
		pages []pageOf
		want  string // "" whole
	}{
		{"keygen chain whole", []pageOf{kg("1.json", "", "b", 2), kg("2.json", "b", "d", 2), kg("3.json", "d", "", 1)}, ""},
		{"keygen 1 and 3 without 2", []pageOf{kg("1.json", "", "b", 2), kg("3.json", "d", "", 1)},
			"the export is incomplete: 1.json:1 links to a next page (links.next /v1/accounts/a/licenses?page%5Bcursor%5D=b&page%5Bsize%5D=2) that is not among the files; the glob holds 2 pages / 3 licenses; export every page"},
		{"lone page 2 with prev", []pageOf{offset("2.json", 2, true)},
			"2.json:1 says a previous page exists (links.prev /v1/accounts/a/licenses?page%5Bnumber%5D=1&page%5Bsize%5D=2), which is not among the files"},
		{"top-level meta.count", []pageOf{{"1.json", map[string]any{"next": nil}, map[string]any{"count": 5}, 3}},
			"the export is incomplete: 1.json:1 says 5 licenses; the glob holds 1 page / 3 licenses"},
		{"links.meta larger", []pageOf{{"1.json", map[string]any{"self": "/x?page[number]=1", "next": nil, "meta": map[string]int{"pages": 2, "count": 4}}, nil, 2}},
			"1.json:1 says 2 pages / 4 licenses; the glob holds 1 page / 2 licenses"},
		{"count smaller than held", []pageOf{{"1.json", nil, map[string]any{"count": 1}, 3}},
			"1.json:1 says 1 license; the glob holds 1 page / 3 licenses, more than that: pages of two exports are mixed"},
		{"duplicated page", []pageOf{kg("1.json", "", "b", 2), kg("2.json", "b", "", 2), kg("2-copy.json", "b", "", 2)},
			"2.json:1 and 2-copy.json:1 are the same page (links.self /v1/accounts/a/licenses?page%5Bcursor%5D=b&page%5Bsize%5D=2); remove one copy"},
		{"every page links onwards", []pageOf{kg("1.json", "", "b", 2), kg("2.json", "b", "", 2)}[:1],
			"1.json:1 links to a next page"},
		{"two last pages", []pageOf{kg("1.json", "", "b", 2), kg("2.json", "b", "", 2), kg("3.json", "x", "", 2)},
			"2.json:1 and 3.json:1 both end the list (no links.next): pages of two exports are mixed"},
		{"lemonsqueezy last page read", []pageOf{ls("1.json", 1, 2, 3, 2), ls("2.json", 2, 2, 3, 1)}, ""},
		{"lemonsqueezy last page missing", []pageOf{ls("1.json", 1, 3, 5, 2), ls("2.json", 2, 3, 5, 2)},
			"1.json:1 says 3 pages / 5 licenses (missing page 3); the glob holds 2 pages / 4 licenses"},
		{"lemonsqueezy lone page 2", []pageOf{ls("2.json", 2, 2, 3, 1)}, "(missing page 1)"},
		{"lemonsqueezy page twice", []pageOf{ls("1.json", 1, 2, 3, 2), ls("1b.json", 1, 2, 3, 2), ls("2.json", 2, 2, 3, 1)},
			"1.json:1 and 1b.json:1 are both page 1 of 2 (meta.page.currentPage); remove one copy"},
		{"lists apart", []pageOf{kg("1.json", "", "b", 2), users, kg("2.json", "b", "", 1)}, ""},
		{"no links", []pageOf{{"a.json", nil, nil, 2}, {"b.json", map[string]any{"next": nil}, nil, 0}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ps pageSet
			for _, p := range tc.pages {
				ps.add(jsonindex.Page{Line: 1, Links: raw(p.links), Meta: raw(p.meta), Items: p.items}, p.file)
			}
			err := ps.check()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("refused a whole set: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func raw(v map[string]any) json.RawMessage {
	if v == nil {
		return nil
	}
	b, _ := json.Marshal(v)
	return b
}
