package cryptlex

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/licentric/licentric-sync/providers/live"
	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/tabular"
)

// livePages reads /products (for names: licenses carry only the id),
// then /licenses, with page and limit=100; each answer is a bare array.
// The total is the Pagination-Count header where the server sends it
// (Cryptlex's published REST conventions); without it a list ends at an
// empty page, or a short one after page 1 (see live.ReadOffset). Cryptlex
// documents no order, so /licenses is read a second time to prove no
// license was skipped (see live.Recheck): twice the license requests.
func livePages(ctx context.Context, p platform.Lister, deliver func(tabular.LivePage) error) error {
	if _, err := live.ReadOffset(ctx, p, list(p, "/products", tabular.ProductsPage), deliver); err != nil {
		return fmt.Errorf("/products: %w", err)
	}
	l := list(p, "/licenses", tabular.LicensesPage)
	first, err := live.ReadOffset(ctx, p, l, deliver)
	if err == nil {
		err = live.Recheck(ctx, p, l, first, created)
	}
	if err != nil {
		return fmt.Errorf("/licenses: %w", err)
	}
	return nil
}

// liveCost: livePages reads /licenses twice; /products is one page,
// mostly.
func liveCost(pages, size int) (int, string) {
	requests := 2*pages - 1
	return requests, fmt.Sprintf("read from its API in %d pages of %d and its licenses again to prove none was skipped, about %d requests",
		pages, size, requests)
}

// list is one of Cryptlex's lists, paged by page and limit.
func list(p platform.Lister, path, kind string) live.OffsetList {
	return live.OffsetList{Kind: kind, Noun: kind, Holder: "the account",
		URL: func(n, size int) (string, url.Values) {
			return path, url.Values{"page": {strconv.Itoa(n)}, "limit": {strconv.Itoa(size)}}
		},
		Read: func(n int, body []byte, hdr http.Header) (live.ListPage, error) {
			ids, ok := tabular.ItemIDs(body)
			if !ok {
				return live.ListPage{}, p.ShapeError(n, body, "a JSON array of "+kind)
			}
			pg := live.ListPage{IDs: ids, Total: -1, TotalName: "its Pagination-Count header"}
			if v := hdr.Get("Pagination-Count"); v != "" {
				t, err := strconv.Atoi(strings.TrimSpace(v))
				if err != nil || t < 0 {
					return live.ListPage{}, fmt.Errorf("page %d: the Pagination-Count header %q is not a count: %w", n, v, live.ErrShape)
				}
				pg.Total = t
			}
			return pg, nil
		}}
}

// created finds the createdAt of the license with id in a Cryptlex page
// (a bare array); it is decoded only for a record the first pass
// missed, which is rare.
func created(body, id []byte) (time.Time, bool) {
	var items []struct {
		ID        json.RawMessage `json:"id"`
		CreatedAt time.Time       `json:"createdAt"`
	}
	if json.Unmarshal(body, &items) != nil {
		return time.Time{}, false
	}
	for _, it := range items {
		if bytes.Equal(it.ID, id) {
			return it.CreatedAt, !it.CreatedAt.IsZero()
		}
	}
	return time.Time{}, false
}

// liveActivations reads /activations like the other lists (page and
// limit, bare arrays, Pagination-Count where sent), handing each page's
// body to deliver.
func liveActivations(ctx context.Context, p platform.Lister, deliver func([]byte) error) error {
	_, err := live.ReadOffset(ctx, p, list(p, activations.Path, "activations"),
		func(pg tabular.LivePage) error { return deliver(pg.Body) })
	return err
}
