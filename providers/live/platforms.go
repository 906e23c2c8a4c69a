package live

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"github.com/licentric/licentric-sync/providers/tabular"
)

// pageSize is the largest page every platform serves: N licenses take
// N/100 requests, the documented minimum.
const pageSize = 100

// platform is how one platform's list API is paged.
type platform struct {
	accept string
	// host is the platform's own domain; documented, its published rate,
	// applies to requests to it (a self-hosted or test server has its own
	// limits, which its headers state).
	host       string
	documented func() *rate.Limiter
	pages      func(ctx context.Context, p *Pager, deliver func(tabular.LivePage) error) error
}

var platforms = map[string]platform{
	"keygen": {accept: "application/vnd.api+json", host: "keygen.sh", pages: keygenPages},
	// Cryptlex: 50 requests per 5 s per IP; stay just under it.
	"cryptlex": {accept: "application/json", host: "cryptlex.com", pages: cryptlexPages,
		documented: func() *rate.Limiter { return rate.NewLimiter(rate.Every(110*time.Millisecond), 10) }},
	// LemonSqueezy: 300 requests a minute per key.
	"lemonsqueezy": {accept: "application/vnd.api+json", host: "lemonsqueezy.com", pages: lemonPages,
		documented: func() *rate.Limiter { return rate.NewLimiter(rate.Every(210*time.Millisecond), 5) }},
}

// documentedPerMinute is each platform's published request rate for
// reading (0: stated only in response headers).
var documentedPerMinute = map[string]int{"cryptlex": 600, "lemonsqueezy": 300}

// ReadCost says how many requests a read took and, where the platform
// publishes its rate, how long that many take at it.
func ReadCost(platform string, pages int) string {
	requests := pages
	s := fmt.Sprintf("read from its API in %d requests (pages of %d)", pages, pageSize)
	if platform == "cryptlex" { // cryptlexPages reads /licenses twice; /products is one page, mostly
		requests = 2*pages - 1
		s = fmt.Sprintf("read from its API in %d pages of %d and its licenses again to prove none was skipped, about %d requests",
			pages, pageSize, requests)
	}
	if pm := documentedPerMinute[platform]; pm > 0 {
		d := time.Duration(requests) * time.Minute / time.Duration(pm)
		took := "under a second"
		if d >= time.Second {
			took = "about " + d.Round(time.Second).String()
		}
		return s + fmt.Sprintf("; at the platform's %d requests/min that takes %s", pm, took)
	}
	return s + "; Keygen states its rate limit in response headers, which the read follows"
}

// maxPages bounds a read whose pagination never ends (a server that
// keeps answering "next"): ten million licenses at 100 a page.
const maxPages = 100_000

// cryptlexPages reads /products (for names: licenses carry only the id),
// then /licenses, with page and limit=100; each answer is a bare array.
// The total is the Pagination-Count header where the server sends it
// (Cryptlex's published REST conventions); without it a list ends at an
// empty page, or a short one after page 1 (see readOffset). Cryptlex
// documents no order, so /licenses is read a second time to prove no
// license was skipped (see recheck): twice the license requests.
func cryptlexPages(ctx context.Context, p *Pager, deliver func(tabular.LivePage) error) error {
	if _, err := p.readOffset(ctx, p.cryptlexList("/products", tabular.ProductsPage), deliver); err != nil {
		return fmt.Errorf("/products: %w", err)
	}
	l := p.cryptlexList("/licenses", tabular.LicensesPage)
	first, err := p.readOffset(ctx, l, deliver)
	if err == nil {
		err = p.recheck(ctx, l, first, cryptlexCreated)
	}
	if err != nil {
		return fmt.Errorf("/licenses: %w", err)
	}
	return nil
}

// cryptlexList is one of Cryptlex's lists, paged by page and limit.
func (p *Pager) cryptlexList(path, kind string) offsetList {
	return offsetList{kind: kind, noun: kind, holder: "the account",
		url: func(n, size int) string {
			return p.page(path, url.Values{"page": {itoa(n)}, "limit": {itoa(size)}})
		},
		read: func(n int, body []byte, hdr http.Header) (listPage, error) {
			ids, ok := tabular.ItemIDs(body)
			if !ok {
				return listPage{}, p.shapeError(n, body, "a JSON array of "+kind)
			}
			pg := listPage{ids: ids, total: -1, totalName: "its Pagination-Count header"}
			if v := hdr.Get("Pagination-Count"); v != "" {
				t, err := strconv.Atoi(strings.TrimSpace(v))
				if err != nil || t < 0 {
					return listPage{}, fmt.Errorf("page %d: the Pagination-Count header %q is not a count: %w", n, v, errShape)
				}
				pg.total = t
			}
			return pg, nil
		}}
}

// lemonPages reads /license-keys with page[number] and page[size]=100,
// the order item included for product and variant names, to the page
// meta.page marks the last (its links.next is left out); meta.page.total
// must match what the pages held.
func lemonPages(ctx context.Context, p *Pager, deliver func(tabular.LivePage) error) error {
	q := url.Values{"include": {"order-item"}}
	if id := p.src.API.StoreID; id != "" {
		q.Set("filter[store_id]", id)
	}
	_, err := p.readOffset(ctx, offsetList{kind: tabular.LicensesPage, noun: "license keys", holder: "the store",
		url: func(n, size int) string {
			q.Set("page[number]", itoa(n))
			q.Set("page[size]", itoa(size))
			return p.page("/license-keys", q)
		},
		read: func(n int, body []byte, _ http.Header) (listPage, error) { return p.lemonPage(n, body) }}, deliver)
	return err
}

// lemonPage reads what one LemonSqueezy answer says of the list.
func (p *Pager) lemonPage(n int, body []byte) (listPage, error) {
	top := tabular.TopMembers(body)
	var meta struct {
		Page *struct {
			CurrentPage, LastPage, Total int
		} `json:"page"`
	}
	ids, ok := tabular.ItemIDs(top["data"])
	if !ok || json.Unmarshal(top["meta"], &meta) != nil || meta.Page == nil {
		return listPage{}, p.shapeError(n, body, `a JSON:API list with "data" and meta.page`)
	}
	if mp := meta.Page; mp.CurrentPage != n {
		return listPage{}, fmt.Errorf("page %d: the answer is page %d of %d (meta.page.currentPage): %w", n, mp.CurrentPage, mp.LastPage, errShape)
	}
	return listPage{ids: ids, total: meta.Page.Total, totalName: "meta.page.total", last: meta.Page.CurrentPage >= meta.Page.LastPage}, nil
}

// getPage fetches page n, within the page bound.
func (p *Pager) getPage(ctx context.Context, n int, u string) ([]byte, error) {
	if n > maxPages {
		return nil, fmt.Errorf("more than %d pages: the API's pagination does not end", maxPages)
	}
	body, _, err := p.get(ctx, u)
	if err != nil {
		return nil, fmt.Errorf("page %d: %w", n, err)
	}
	return body, nil
}

// shapeError says what a page held instead of a list: an error document
// answered with 200, an object, or not JSON at all.
func (p *Pager) shapeError(n int, body []byte, want string) error {
	saw := "not JSON"
	var v any
	if json.Unmarshal(body, &v) == nil {
		switch t := v.(type) {
		case map[string]any:
			_, errs := t["errors"]
			if _, msg := t["message"]; errs || msg { // Keygen's and LemonSqueezy's errors, Cryptlex's message
				saw = "an error document (" + p.message(body) + ")"
			} else {
				saw = "a JSON object without the expected members"
			}
		case []any:
			saw = "a JSON array"
		default:
			saw = "a JSON " + strconv.Quote(fmt.Sprintf("%T", v))
		}
	}
	return fmt.Errorf("page %d: the answer is %s; expected %s: %w", n, saw, want, errShape)
}
