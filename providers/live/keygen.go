package live

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"net/url"

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
// empty page and the list ends early, which only the count shows.

// keygenRoles are the roles /users is asked for: it lists only "user"
// unless told (UsersController's roles scope), and an admin may own
// licenses.
var keygenRoles = []string{"user", "admin", "developer", "sales-agent", "support-agent", "read-only"}

// keygenLists are the related lists a license names by id, read first.
var keygenLists = []string{"/users", "/policies", "/products"}

func keygenPages(ctx context.Context, p *Pager, deliver func(tabular.LivePage) error) error {
	related := 0
	for _, path := range keygenLists {
		err := p.keygenList(ctx, path, func(body []byte) error {
			related++
			return deliver(tabular.LivePage{Kind: tabular.RelatedPage, Number: related, Body: body})
		})
		if err != nil {
			return err
		}
	}
	n := 0
	return p.keygenList(ctx, "/licenses", func(body []byte) error {
		n++
		return deliver(tabular.LivePage{Kind: tabular.LicensesPage, Number: n, Body: body})
	})
}

// keygenQuery is the query of a list's first page (page: cursor paging
// from the start; an empty cursor is Keygen's own first-page link) or,
// with number, of offset page number.
func keygenQuery(path string, size, number int) url.Values {
	q := url.Values{"page[size]": {itoa(size)}}
	if number > 0 {
		q.Set("page[number]", itoa(number))
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
func (p *Pager) keygenList(ctx context.Context, path string, fn func(body []byte) error) error {
	q := keygenQuery(path, pageSize, 0)
	seen := map[uint64]bool{}
	read := 0
	for n := 1; ; n++ {
		body, err := p.getPage(ctx, n, p.page(path, q))
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		ids, next, err := p.keygenPage(n, body)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for _, id := range ids {
			h := maphash.String(keygenSeed, id)
			if seen[h] {
				return fmt.Errorf("%s: page %d: id %s was read on an earlier page; the list cannot be followed to its end", path, n, id)
			}
			seen[h] = true
		}
		read += len(ids)
		if err := fn(body); err != nil {
			return err
		}
		if next == "" {
			break
		}
		if next == q.Get("page[cursor]") {
			return fmt.Errorf("%s: page %d: links.next repeats the cursor of the page itself; the list cannot be followed to its end", path, n)
		}
		q.Set("page[cursor]", next)
	}
	return p.keygenComplete(ctx, path, read)
}

// keygenSeed keys the set of ids a list read has seen.
var keygenSeed = maphash.MakeSeed()

// keygenPage reads a page's ids and the cursor its links.next carries
// ("" on the last page); the reader validates the rest.
func (p *Pager) keygenPage(n int, body []byte) (ids []string, next string, err error) {
	top := tabular.TopMembers(body)
	var links struct {
		Next *string `json:"next"`
	}
	ids, ok := tabular.ResourceIDs(top["data"])
	if !ok || top["links"] == nil || json.Unmarshal(top["links"], &links) != nil {
		return nil, "", p.shapeError(n, body, `a JSON:API list with "data" and "links"`)
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

// keygenComplete compares what a list read held with the count Keygen
// gives for offset pages (links.meta.count), asked after the read.
func (p *Pager) keygenComplete(ctx context.Context, path string, read int) error {
	body, err := p.get(ctx, p.page(path, keygenQuery(path, 1, 1)))
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
		return fmt.Errorf("%s: counting: %w", path, p.shapeError(1, body, "a page with links.meta.count"))
	}
	if count := *doc.Links.Meta.Count; count != read {
		return fmt.Errorf("%s: the pages held %d records, but Keygen counts %d: records were deleted or created while "+
			"reading (a deleted record at a page's cursor ends Keygen's cursor paging early); run again", path, read, count)
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
