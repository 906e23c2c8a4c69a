package tabular

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/licentric/licentric-sync/license"
)

// pageSet gathers the pagination claims of every JSON:API page a source
// reads, so a dump that says there is more than the glob holds is an
// error naming what is missing, never a partial read that validates.
type pageSet struct {
	pages, items int
	first        string // where the first page was read, for messages
	// Keygen: links.next on each page, links.meta.pages / count.
	nextSeen, lastSeen         bool
	claimedPages, claimedCount int
	// LemonSqueezy: meta.page.currentPage / lastPage / total.
	current         map[int]bool
	lastPage, total int
}

// add files one page's claims.
func (ps *pageSet) add(p Page, file string) {
	if ps.pages == 0 {
		ps.first = license.Position(file, p.Line)
	}
	ps.pages++
	ps.items += p.Items
	var links struct {
		Next json.RawMessage `json:"next"` // absent, null or "": none
		Meta struct {
			Pages int `json:"pages"`
			Count int `json:"count"`
		} `json:"meta"`
	}
	if len(p.Links) > 0 && json.Unmarshal(p.Links, &links) == nil {
		switch string(links.Next) {
		case "":
		case "null", `""`:
			ps.lastSeen = true
		default:
			ps.nextSeen = true
		}
		ps.claimedPages, ps.claimedCount = max(ps.claimedPages, links.Meta.Pages), max(ps.claimedCount, links.Meta.Count)
	}
	var meta struct {
		Page struct {
			CurrentPage int `json:"currentPage"`
			LastPage    int `json:"lastPage"`
			Total       int `json:"total"`
		} `json:"page"`
	}
	if len(p.Meta) > 0 && json.Unmarshal(p.Meta, &meta) == nil && meta.Page.LastPage > 0 {
		if ps.current == nil {
			ps.current = map[int]bool{}
		}
		ps.current[meta.Page.CurrentPage] = true
		ps.lastPage, ps.total = max(ps.lastPage, meta.Page.LastPage), max(ps.total, meta.Page.Total)
	}
}

// missing says what the page set lacks, or "" when it is whole.
func (ps *pageSet) missing() string {
	if ps.pages == 0 {
		return ""
	}
	holds := fmt.Sprintf("the glob holds %s / %s", plural(ps.pages, "page"), plural(ps.items, "license"))
	switch {
	case ps.claimedPages > ps.pages || ps.claimedCount > ps.items:
		return fmt.Sprintf("%s says %s / %s; %s", ps.first, plural(ps.claimedPages, "page"), plural(ps.claimedCount, "license"), holds)
	case ps.nextSeen && !ps.lastSeen:
		return fmt.Sprintf("every page links to a next one (links.next), so the last page is missing; %s", holds)
	case ps.lastPage > 0 && (len(ps.current) < ps.lastPage || ps.total > ps.items):
		var gone []string
		for n := 1; n <= ps.lastPage && len(gone) < 10; n++ {
			if !ps.current[n] {
				gone = append(gone, fmt.Sprint(n))
			}
		}
		return fmt.Sprintf("%s says %s / %s (missing page %s); %s", ps.first, plural(ps.lastPage, "page"), plural(ps.total, "license"),
			strings.Join(gone, ", "), holds)
	}
	return ""
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
