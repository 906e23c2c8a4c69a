// Package lemonsqueezyfake is LemonSqueezy's list API as the live fake
// serves it (see providers/live/livefake): /license-keys in JSON:API,
// paged by page[number] and page[size], meta.page and links first, last,
// next and prev (next left out on the last page, prev on the first),
// order items included, JSON:API errors with a string status.
// docs/platforms.md cites each behaviour. LemonSqueezy's descriptor
// names it (Live.Fake).
package lemonsqueezyfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/licentric/licentric-sync/providers/live/livefake"
)

// name and base are the platform's config name and the path the fake
// serves under.
const (
	name = "lemonsqueezy"
	base = "/v1"
)

// API is the fake of LemonSqueezy's API.
var API = &livefake.API{
	Name:        name,
	Base:        base,
	ContentType: "application/vnd.api+json",
	Answer: func(s *livefake.Server, r *http.Request) ([]byte, int) {
		switch r.URL.Path {
		case base + "/licenses/validate":
			return licenseValidate(s, r)
		case base + "/license-keys":
			return answer(s, r, storeLicenses(s, r.URL.Query().Get("filter[store_id]")))
		case base + "/license-key-instances":
			return answer(s, r, instances(s))
		}
		return s.NotFound(r)
	},
	RateHeaders: func(h http.Header, left string, _ time.Time) {
		h.Set("X-Ratelimit-Limit", "300")
		h.Set("X-Ratelimit-Remaining", left)
	},
	ErrorBody: func(status int, _, msg string) []byte { return lemonError(status, msg) },
	Generate:  generate,
}

// generate makes n license keys over three products, each with its
// order item.
func generate(s *livefake.Server, n int) {
	add := func(v any) json.RawMessage { return livefake.MustJSON(v) }
	for i := 0; i < n; i++ {
		id, key := livefake.SourceID(i), livefake.Key(name, i)
		s.Licenses = append(s.Licenses, add(map[string]any{"type": "license-keys", "id": id,
			"attributes": map[string]any{"store_id": 1, "order_item_id": 100000 + i, "product_id": i % 3, "user_name": "User " + id,
				"user_email": "user" + id + "@example.com", "key": key, "key_short": "XXXX-" + key[len(key)-4:], "activation_limit": 1 + i%5,
				"instances_count": 0, "disabled": false, "status": "active", "expires_at": livefake.Expiry(i), "created_at": "2024-01-02T03:04:05.000000Z",
				"test_mode": false}}))
		s.Included["order-items/"+id] = add(livefake.Resource("order-items", id, map[string]any{"product_name": fmt.Sprintf("Product %d", i%3),
			"variant_name": "Standard", "variant_id": 7}))
	}
	// LemonSqueezy lists newest first (id descending), so a sale lands on
	// page 1: served in this order, the fake does the same.
	slices.Reverse(s.Licenses)
}

// answer serves a list (/license-keys, /license-key-instances): page[number] of page[size] (default 1 and 10, size at
// most 100), order items included, with meta.page and links as
// LemonSqueezy states them; filter[store_id] narrows the license keys.
func answer(s *livefake.Server, r *http.Request, all []json.RawMessage) ([]byte, int) {
	q := r.URL.Query()
	size, number := 10, 1
	if v := q.Get("page[size]"); v != "" {
		var ok bool
		if size, ok = livefake.PageSize(v); !ok {
			return lemonError(http.StatusBadRequest, "The page[size] must be between 1 and 100."), http.StatusBadRequest
		}
	}
	if v := q.Get("page[number]"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return lemonError(http.StatusBadRequest, "The page[number] must be at least 1."), http.StatusBadRequest
		}
		number = n
	}
	if s.PageCap > 0 {
		size = min(size, s.PageCap)
	}
	last := max(1, (len(all)+size-1)/size)
	start, end := s.Window(len(all), number, size)
	page := append([]json.RawMessage{}, all[start:end]...)
	meta := map[string]any{"page": map[string]int{"currentPage": number, "from": start + 1,
		"to": start + len(page), "lastPage": last, "perPage": size, "total": len(all)}}
	var included []json.RawMessage
	if q.Get("include") != "" {
		included = s.RelatedOf(page, func(rel string) bool { return rel == "order-item" })
	}
	return livefake.Document(page, included, "jsonapi", []byte(`{"version":"1.0"}`), "links", livefake.MustJSON(lemonLinks(r, number, last, size)),
		"meta", livefake.MustJSON(meta)), http.StatusOK
}

// instances are the license-key-instances among the fake's related
// resources, newest (highest id) first, as LemonSqueezy lists.
func instances(s *livefake.Server) []json.RawMessage {
	return s.IncludedOf("license-key-instances", func(a, b string) int {
		x, _ := strconv.Atoi(a)
		y, _ := strconv.Atoi(b)
		return y - x
	})
}

// storeLicenses are the licenses of one store ("" all).
func storeLicenses(s *livefake.Server, store string) []json.RawMessage {
	if store == "" {
		return s.Licenses
	}
	var all []json.RawMessage
	for _, l := range s.Licenses {
		var res struct {
			Attributes struct {
				StoreID json.Number `json:"store_id"`
			} `json:"attributes"`
		}
		if json.Unmarshal(l, &res) == nil && res.Attributes.StoreID.String() == store {
			all = append(all, l)
		}
	}
	return all
}

// lemonLinks are the page's links, full and URL-encoded: first and last
// always, prev and next only where there is such a page.
func lemonLinks(r *http.Request, number, last, size int) map[string]string {
	link := func(n int) string {
		q := r.URL.Query()
		q.Set("page[number]", strconv.Itoa(n))
		q.Set("page[size]", strconv.Itoa(size))
		return "http://" + r.Host + r.URL.Path + "?" + q.Encode()
	}
	links := map[string]string{"first": link(1), "last": link(last)}
	if number > 1 {
		links["prev"] = link(number - 1)
	}
	if number < last {
		links["next"] = link(number + 1)
	}
	return links
}

// lemonError is a LemonSqueezy error document: JSON:API errors whose
// status is a string.
func lemonError(status int, detail string) []byte {
	return livefake.MustJSON(map[string]any{"jsonapi": map[string]string{"version": "1.0"},
		"errors": []map[string]string{{"status": strconv.Itoa(status), "title": http.StatusText(status), "detail": detail}}})
}
