package lemonsqueezy

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/licentric/licentric-sync/providers/live"
	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/tabular"
)

// livePages reads /license-keys with page[number] and page[size]=100,
// the order item included for product and variant names, to the page
// meta.page marks the last (its links.next is left out); meta.page.total
// must match what the pages held.
func livePages(ctx context.Context, p platform.Lister, deliver func(tabular.LivePage) error) error {
	q := url.Values{"include": {"order-item"}}
	if id := p.Source().API.StoreID; id != "" {
		q.Set("filter[store_id]", id)
	}
	_, err := live.ReadOffset(ctx, p, live.OffsetList{Kind: tabular.LicensesPage, Noun: "license keys", Holder: "the store",
		URL: func(n, size int) (string, url.Values) {
			q.Set("page[number]", strconv.Itoa(n))
			q.Set("page[size]", strconv.Itoa(size))
			return "/license-keys", q
		},
		Read: func(n int, body []byte, _ http.Header) (live.ListPage, error) { return livePage(p, n, body) }}, deliver)
	return err
}

// livePage reads what one LemonSqueezy answer says of the list.
func livePage(p platform.Lister, n int, body []byte) (live.ListPage, error) {
	top := tabular.TopMembers(body)
	var meta struct {
		Page *struct {
			CurrentPage, LastPage, Total int
		} `json:"page"`
	}
	ids, ok := tabular.ItemIDs(top["data"])
	if !ok || json.Unmarshal(top["meta"], &meta) != nil || meta.Page == nil {
		return live.ListPage{}, p.ShapeError(n, body, `a JSON:API list with "data" and meta.page`)
	}
	if mp := meta.Page; mp.CurrentPage != n {
		return live.ListPage{}, fmt.Errorf("page %d: the answer is page %d of %d (meta.page.currentPage): %w", n, mp.CurrentPage, mp.LastPage, live.ErrShape)
	}
	return live.ListPage{IDs: ids, Total: meta.Page.Total, TotalName: "meta.page.total", Last: meta.Page.CurrentPage >= meta.Page.LastPage}, nil
}

// liveInstances reads /license-key-instances like the license keys
// (page[number], meta.page.total proving the list whole), handing each
// page's body to deliver. The list has no store filter: instances of
// another store's keys name licenses not read, which the plan counts.
func liveInstances(ctx context.Context, p platform.Lister, deliver func([]byte) error) error {
	q := url.Values{}
	_, err := live.ReadOffset(ctx, p, live.OffsetList{Kind: "devices", Noun: "license key instances", Holder: "the account",
		URL: func(n, size int) (string, url.Values) {
			q.Set("page[number]", strconv.Itoa(n))
			q.Set("page[size]", strconv.Itoa(size))
			return instances.Path, q
		},
		Read: func(n int, body []byte, _ http.Header) (live.ListPage, error) { return livePage(p, n, body) }},
		func(pg tabular.LivePage) error { return deliver(pg.Body) })
	return err
}
