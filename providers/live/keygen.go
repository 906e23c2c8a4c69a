package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/licentric/licentric-sync/providers/tabular"
)

// keygenPages follows cursor paging: page[size]=100 and the page[cursor]
// that links.next carries, until links.next is null, with the owner,
// policy and product included (include=user on accounts pinned to API
// 1.4 or older, which refuse "owner"). Where the account does not honour
// include at all, /users, /policies and /products are listed once and
// each page gets the resources its licenses point at, so the reader
// joins them as it would the included ones.
func keygenPages(ctx context.Context, p *Pager, deliver func(tabular.LivePage) error) error {
	q := url.Values{"page[size]": {itoa(pageSize)}, "include": {"owner,policy,product"}}
	var join map[string]json.RawMessage
	return p.keygenWalk(ctx, "/licenses", q, func(n int, body []byte) error {
		if n == 1 && lacksIncluded(body) {
			var err error
			if join, err = p.keygenJoin(ctx); err != nil {
				return err
			}
		}
		if join != nil {
			body = withIncluded(body, join)
		}
		return deliver(tabular.LivePage{Kind: tabular.LicensesPage, Number: n, Body: body})
	})
}

// keygenWalk reads every page of one list, handing each to fn.
func (p *Pager) keygenWalk(ctx context.Context, path string, q url.Values, fn func(n int, body []byte) error) error {
	seen := map[string]bool{}
	for n := 1; ; n++ {
		body, err := p.getPage(ctx, n, p.page(path, q))
		var refused *StatusError
		if n == 1 && errors.As(err, &refused) && refused.Status == http.StatusBadRequest && strings.Contains(q.Get("include"), "owner") &&
			strings.Contains(refused.Message, "include") {
			q.Set("include", "user,policy,product") // API 1.4 and older call the owner "user"
			body, err = p.getPage(ctx, n, p.page(path, q))
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		// Only links.next is read here; the reader validates the page.
		top := tabular.TopMembers(body)
		var links struct {
			Next *string `json:"next"`
		}
		if tabular.CountItems(top["data"]) < 0 || top["links"] == nil || json.Unmarshal(top["links"], &links) != nil {
			return fmt.Errorf("%s: %w", path, p.shapeError(n, body, `a JSON:API list with "data" and "links"`))
		}
		if err := fn(n, body); err != nil {
			return err
		}
		if links.Next == nil || *links.Next == "" {
			return nil
		}
		cursor, err := keygenCursor(*links.Next)
		if err != nil || seen[cursor] {
			return fmt.Errorf("%s: page %d: links.next %s; the list cannot be followed to its end", path, n, describeNext(err))
		}
		seen[cursor] = true
		q.Set("page[cursor]", cursor)
	}
}

// keygenJoin lists the users, policies and products of the account by
// type/id, for an account that does not honour include.
func (p *Pager) keygenJoin(ctx context.Context) (map[string]json.RawMessage, error) {
	join := map[string]json.RawMessage{}
	for _, path := range []string{"/policies", "/products", "/users"} {
		err := p.keygenWalk(ctx, path, url.Values{"page[size]": {itoa(pageSize)}}, func(n int, body []byte) error {
			var doc struct {
				Data []json.RawMessage `json:"data"`
			}
			if err := json.Unmarshal(body, &doc); err != nil {
				return fmt.Errorf("%s: page %d: %v", path, n, err)
			}
			for _, raw := range doc.Data {
				var r struct{ Type, ID string }
				if json.Unmarshal(raw, &r) == nil && r.Type != "" {
					join[r.Type+"/"+r.ID] = raw
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return join, nil
}

// relatedKeys are the type/id of every resource a page's licenses point
// at, and the type/id of its included resources.
func relatedKeys(body []byte) (refs []string, included map[string]bool) {
	top := tabular.TopMembers(body)
	var data []struct {
		Relationships map[string]struct {
			Data *struct{ Type, ID string } `json:"data"`
		} `json:"relationships"`
	}
	_ = json.Unmarshal(top["data"], &data)
	for _, l := range data {
		for _, name := range []string{"owner", "user", "policy", "product"} {
			if r := l.Relationships[name].Data; r != nil {
				refs = append(refs, r.Type+"/"+r.ID)
			}
		}
	}
	var inc []struct{ Type, ID string }
	_ = json.Unmarshal(top["included"], &inc)
	included = map[string]bool{}
	for _, r := range inc {
		included[r.Type+"/"+r.ID] = true
	}
	return refs, included
}

// lacksIncluded reports whether a page's licenses point at resources
// while the page includes none: the account ignored include=.
func lacksIncluded(body []byte) bool {
	refs, included := relatedKeys(body)
	return len(refs) > 0 && len(included) == 0
}

// withIncluded is the page with the resources its licenses point at
// (from join) added to "included"; its other members are kept as they
// were, data first.
func withIncluded(body []byte, join map[string]json.RawMessage) []byte {
	refs, included := relatedKeys(body)
	top := tabular.TopMembers(body)
	var extra []json.RawMessage
	for _, k := range refs {
		if raw, ok := join[k]; ok && !included[k] {
			included[k] = true
			extra = append(extra, raw)
		}
	}
	var inc []json.RawMessage
	_ = json.Unmarshal(top["included"], &inc)
	top["included"], _ = json.Marshal(append(inc, extra...))
	out := append([]byte(`{"data":`), top["data"]...)
	delete(top, "data")
	for _, k := range slices.Sorted(maps.Keys(top)) {
		name, _ := json.Marshal(k)
		out = append(append(append(append(out, ','), name...), ':'), top[k]...)
	}
	return append(out, '}')
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

func describeNext(err error) string {
	if err != nil {
		return err.Error()
	}
	return "repeats a cursor already read"
}
