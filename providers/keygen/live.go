package keygen

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"net/url"
	"strconv"

	"github.com/licentric/licentric-sync/providers/live"
	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/tabular"
)

// Keygen's list API as keygen-sh/keygen-api implements it (see the
// Keygen table of docs/platforms.md): page[size] must come with
// page[cursor] or page[number] (alone it is a 400); cursor (keyset)
// paging has no page-number ceiling, while page[number] stops at 100;
// only offset paging counts (links.meta.count); a license names its
// owner, policy and product by id only, as the API has no include.
//
// So a read lists /users, /policies and /products, then /licenses, each
// with cursor pages of 100 in ascending creation order (a record created
// during the read comes last instead of being skipped), and proves each
// list whole: no id twice, and as many records as Keygen counts after
// the read. Keyset paging asks for the records after the cursor's one;
// when that record is deleted between two requests Keygen answers an
// empty page, which would end the list early: the read carries on after
// an earlier record of the last page (see resume), and the count
// refuses any other change made during the read.

// keygenRoles are the roles /users is asked for: it lists only "user"
// unless told (UsersController's roles scope), and an admin may own
// licenses.
var keygenRoles = []string{"user", "admin", "developer", "sales-agent", "support-agent", "read-only"}

// keygenLists are the related lists a license names by id, read first.
var keygenLists = []string{"/users", "/policies", "/products"}

// keygenPages reads a Keygen account: its related lists as related
// pages (numbered on across them), each policy's entitlements (see
// policyEntitlements), then its licenses.
func keygenPages(ctx context.Context, p platform.Lister, deliver func(tabular.LivePage) error) error {
	related := 0
	deliverRelated := func(body []byte) error {
		related++
		return deliver(tabular.LivePage{Kind: tabular.RelatedPage, Number: related, Body: body})
	}
	var policies []string
	for _, path := range keygenLists {
		err := keygenList(ctx, p, path, func(body []byte) error {
			if path == "/policies" {
				ids, _ := tabular.ResourceIDs(tabular.TopMembers(body)["data"]) // keygenList read them
				policies = append(policies, ids...)
			}
			return deliverRelated(body)
		})
		if err != nil {
			return err
		}
	}
	if err := policyEntitlements(ctx, p, policies, deliverRelated); err != nil {
		return err
	}
	n := 0
	return keygenList(ctx, p, "/licenses", func(body []byte) error {
		n++
		return deliver(tabular.LivePage{Kind: tabular.LicensesPage, Number: n, Body: body})
	})
}

// keygenQuery is the query of a list's first page (page: cursor paging
// from the start; an empty cursor is Keygen's own first-page link) or,
// with number, of offset page number.
func keygenQuery(path string, size, number int) url.Values {
	q := url.Values{"page[size]": {strconv.Itoa(size)}}
	if number > 0 {
		q.Set("page[number]", strconv.Itoa(number))
	} else {
		q.Set("page[cursor]", "")
		q.Set("order", "asc")
	}
	if path == "/users" {
		q["roles[]"] = keygenRoles
	}
	return q
}

// keygenList reads one list to its end, handing each page to fn, and
// proves it whole against Keygen's count.
func keygenList(ctx context.Context, p platform.Lister, path string, fn func(body []byte) error) error {
	r, err := keygenWalk(ctx, p, path, fn)
	if err != nil {
		return err
	}
	return keygenComplete(ctx, p, path, r.read, r.gone)
}

// keygenWalk reads one list's pages to its end, handing each to fn; the
// caller proves it whole (keygenComplete).
func keygenWalk(ctx context.Context, p platform.Lister, path string, fn func(body []byte) error) (*keygenRead, error) {
	r := &keygenRead{p: p, path: path, q: keygenQuery(path, live.PageSize, 0), seen: map[uint64]bool{}}
	for n := 1; ; n++ {
		r.pages = n
		body, ids, next, err := r.fetch(ctx, n)
		if err == nil && len(ids) == 0 && len(r.prev) > 0 {
			body, ids, next, err = r.resume(ctx, n, body)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		for _, id := range ids {
			if r.seen[maphash.String(keygenSeed, id)] {
				return nil, fmt.Errorf("%s: page %d: id %s was read on an earlier page; the list cannot be followed to its end", path, n, id)
			}
			r.seen[maphash.String(keygenSeed, id)] = true
		}
		r.read += len(ids)
		if err := fn(body); err != nil {
			return nil, err
		}
		if next == "" {
			return r, nil
		}
		if next == r.q.Get("page[cursor]") {
			return nil, fmt.Errorf("%s: page %d: links.next repeats the cursor of the page itself; the list cannot be followed to its end", path, n)
		}
		r.prev = ids
		r.q.Set("page[cursor]", next)
	}
}

// keygenRead is one list being read.
type keygenRead struct {
	p    platform.Lister
	path string
	q    url.Values
	// seen holds a hash of every id read; read counts them.
	seen map[uint64]bool
	read int
	// gone counts records read and then deleted, as resume found.
	gone int
	// prev are the ids of the last page, which linked to this one.
	prev []string
	// pages is how many pages the walk asked for.
	pages int
}

// fetch asks page n at the query's cursor.
func (r *keygenRead) fetch(ctx context.Context, n int) (body []byte, ids []string, next string, err error) {
	if body, _, err = r.p.Page(ctx, n, r.path, r.q); err != nil {
		return nil, nil, "", err
	}
	ids, next, err = keygenPage(r.p, n, body)
	return body, ids, next, err
}

// resume reads on past a deleted cursor. An empty page after one that
// linked to it means the record at its cursor was deleted since: Keygen
// then finds nothing after it. Asked again after each earlier record of
// the last page, latest first, the first page that holds records
// carries on where the list was, provided none was read already (one
// read already means the cursor's record is there and the list did
// end). Without such a page, empty stands: the count decides.
func (r *keygenRead) resume(ctx context.Context, n int, empty []byte) ([]byte, []string, string, error) {
	for j := len(r.prev) - 2; j >= 0; j-- {
		r.q.Set("page[cursor]", r.prev[j])
		body, ids, next, err := r.fetch(ctx, n)
		if err != nil {
			return nil, nil, "", err
		}
		if len(ids) == 0 {
			continue // that record was deleted too
		}
		if r.seen[maphash.String(keygenSeed, ids[0])] {
			break
		}
		r.gone += len(r.prev) - 1 - j // the records after prev[j], each found deleted
		return body, ids, next, nil
	}
	return empty, nil, "", nil
}

// keygenSeed keys the set of ids a list read has seen.
var keygenSeed = maphash.MakeSeed()

// keygenPage reads a page's ids and the cursor its links.next carries
// ("" on the last page); the reader validates the rest.
func keygenPage(p platform.Lister, n int, body []byte) (ids []string, next string, err error) {
	top := tabular.TopMembers(body)
	var links struct {
		Next *string `json:"next"`
	}
	ids, ok := tabular.ResourceIDs(top["data"])
	if !ok || top["links"] == nil || json.Unmarshal(top["links"], &links) != nil {
		return nil, "", p.ShapeError(n, body, `a JSON:API list with "data" and "links"`)
	}
	if links.Next == nil || *links.Next == "" {
		return ids, "", nil
	}
	cursor, err := keygenCursor(*links.Next)
	if err != nil {
		return nil, "", fmt.Errorf("page %d: links.next %v; the list cannot be followed to its end", n, err)
	}
	return ids, cursor, nil
}

// keygenComplete compares what a list read held, less the records
// found deleted on the way, with the count Keygen gives for offset pages
// (links.meta.count), asked after the read.
func keygenComplete(ctx context.Context, p platform.Lister, path string, read, gone int) error {
	body, _, err := p.Get(ctx, path, keygenQuery(path, 1, 1))
	if err != nil {
		return fmt.Errorf("%s: counting: %w", path, err)
	}
	var doc struct {
		Links struct {
			Meta *struct {
				Count *int `json:"count"`
			} `json:"meta"`
		} `json:"links"`
	}
	if json.Unmarshal(body, &doc) != nil || doc.Links.Meta == nil || doc.Links.Meta.Count == nil {
		return fmt.Errorf("%s: counting: %w", path, p.ShapeError(1, body, "a page with links.meta.count"))
	}
	if count := *doc.Links.Meta.Count; count != read-gone {
		held := fmt.Sprintf("%d records", read)
		if gone > 0 {
			held += fmt.Sprintf(" (%d of them deleted since)", gone)
		}
		return fmt.Errorf("%s: the pages held %s, but Keygen counts %d: records were deleted or created while reading; run again",
			path, held, count)
	}
	return nil
}

// keygenCursor is the page[cursor] of a links.next URL (absolute or
// relative to the API). The tool builds the next URL itself, so the
// token only ever goes to the configured host.
func keygenCursor(next string) (string, error) {
	u, err := url.Parse(next)
	if err != nil {
		return "", err
	}
	c := u.Query().Get("page[cursor]")
	if c == "" {
		return "", fmt.Errorf("has no page[cursor]")
	}
	return c, nil
}
