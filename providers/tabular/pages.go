package tabular

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
)

// pageSet gathers the pagination claims of every JSON:API page a source
// reads, so a dump that says there is more than the glob holds, or whose
// pages do not link up, is an error naming what is missing, never a
// partial read that validates (see check in pagechain.go).
type pageSet struct {
	claims []pageClaim
	// noun is what the pages list, singular, for messages; "" is
	// "license" (see PageProof for other lists).
	noun string
}

// pageClaim is what one page says about the list it belongs to.
type pageClaim struct {
	at    string // file:line of the page, for messages
	items int
	noun  string // what the list holds (pageSet.noun)
	// chain is the list a page belongs to: its links' path and query
	// without the page parameters (/v1/accounts/a/licenses?status=x):
	// pages of different lists in one glob are checked apart.
	chain string
	// self, next and prev are the links, normalised (see normLink); ""
	// when absent or null: JSON:API leaves a link out or sets it null
	// when there is none (LemonSqueezy leaves links.next out on the last
	// page, Keygen sets it null).
	self, next, prev string
	// Keygen: links.meta.pages and count (or a top-level meta.count).
	claimedPages, claimedCount int
	// LemonSqueezy: meta.page.currentPage / lastPage / total.
	current, lastPage, total int
}

// add files one page's claims.
func (ps *pageSet) add(p jsonindex.Page, file string) {
	c := pageClaim{at: license.Position(file, p.Line), items: p.Items, noun: ps.noun}
	var links struct {
		Self, Next, Prev, First, Last json.RawMessage
		Meta                          struct{ Pages, Count int }
	}
	if len(p.Links) > 0 && json.Unmarshal(p.Links, &links) == nil {
		c.self, c.next, c.prev = normLink(links.Self), normLink(links.Next), normLink(links.Prev)
		c.claimedPages, c.claimedCount = links.Meta.Pages, links.Meta.Count
		for _, l := range []json.RawMessage{links.Self, links.Next, links.Prev, links.First, links.Last} {
			if c.chain == "" {
				c.chain = chainOf(l)
			}
		}
	}
	var meta struct {
		Count int
		Page  struct{ CurrentPage, LastPage, Total int }
	}
	if len(p.Meta) > 0 && json.Unmarshal(p.Meta, &meta) == nil {
		c.claimedCount = max(c.claimedCount, meta.Count)
		if meta.Page.LastPage > 0 {
			c.current, c.lastPage, c.total = meta.Page.CurrentPage, meta.Page.LastPage, meta.Page.Total
		}
	}
	ps.claims = append(ps.claims, c)
}

// normLink is a link as a comparable string: the path and the query with
// its parameters sorted, so "https://host/x?b=1&a=2" and "/x?a=2&b=1"
// name the same page. "" for an absent, null or empty link.
func normLink(raw json.RawMessage) string {
	u := linkURL(raw)
	if u == nil {
		return ""
	}
	return u.Path + "?" + u.Query().Encode()
}

// chainOf is the list a link belongs to: its path and query without the
// paging parameters (page, page[...], limit); "" for no link.
func chainOf(raw json.RawMessage) string {
	u := linkURL(raw)
	if u == nil {
		return ""
	}
	q := u.Query()
	for k := range q {
		if k == "page" || k == "limit" || strings.HasPrefix(k, "page[") {
			q.Del(k)
		}
	}
	return u.Path + "?" + q.Encode()
}

// linkURL parses a link; nil for an absent, null or empty one. A link
// that is not a URL is kept whole as its path.
func linkURL(raw json.RawMessage) *url.URL {
	var s string
	if json.Unmarshal(raw, &s) != nil || s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return &url.URL{Path: s}
	}
	return u
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
