package livefake

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
)

// This file serves the two platforms paged by number and size: Cryptlex
// (a bare array; page, limit; the total in Pagination-* headers) and
// LemonSqueezy (JSON:API; page[number], page[size]; meta.page and links
// first, last, next and prev, next left out on the last page and prev on
// the first). docs/platforms.md cites each behaviour.

// window is the slice of n records that page number (from 1) of size
// covers, cut to the fake's page cap; a Truncated answer is one short.
func (s *Server) window(n, number, size int) (start, end int) {
	if s.PageCap > 0 {
		size = min(size, s.PageCap)
	}
	start = min((number-1)*size, n)
	end = min(start+size, n)
	if s.truncate && end > start {
		end--
	}
	return start, end
}

// cryptlex serves a bare array: page (from 1) of limit items.
func (s *Server) cryptlex(r *http.Request, all []json.RawMessage) ([]byte, int) {
	limit, page, msg := cryptlexPaging(r.URL.Query())
	if msg != "" {
		return mustJSON(map[string]string{"message": msg}), http.StatusBadRequest
	}
	start, end := s.window(len(all), page, limit)
	return list(all[start:end]), http.StatusOK
}

// cryptlexPaging reads page and limit; msg says what is wrong with them.
func cryptlexPaging(q url.Values) (limit, page int, msg string) {
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit < 1 {
		return 0, 0, "limit must be a number of 1 or more"
	}
	page, err = strconv.Atoi(q.Get("page"))
	if err != nil || page < 1 {
		return 0, 0, "page must be 1 or more"
	}
	return limit, page, ""
}

// cryptlexHeaders states the list's paging as Cryptlex's REST
// conventions do: Pagination-Count (the total), -Page and -Limit.
func (s *Server) cryptlexHeaders(h http.Header, r *http.Request) {
	if s.NoTotals {
		return
	}
	all := s.Licenses
	if r.URL.Path == Base(s.Platform)+"/products" {
		all = s.Products
	}
	limit, page, _ := cryptlexPaging(r.URL.Query())
	if s.PageCap > 0 {
		limit = min(limit, s.PageCap)
	}
	h.Set("Pagination-Count", strconv.Itoa(len(all)))
	h.Set("Pagination-Page", strconv.Itoa(page))
	h.Set("Pagination-Limit", strconv.Itoa(limit))
}

// lemon serves page[number] of page[size] (default 1 and 10, size at
// most 100), order items included, with meta.page and links as
// LemonSqueezy states them; filter[store_id] narrows.
func (s *Server) lemon(r *http.Request) ([]byte, int) {
	q := r.URL.Query()
	size, number := 10, 1
	if v := q.Get("page[size]"); v != "" {
		var ok bool
		if size, ok = pageSize(v); !ok {
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
	all := s.storeLicenses(q.Get("filter[store_id]"))
	if s.PageCap > 0 {
		size = min(size, s.PageCap)
	}
	last := max(1, (len(all)+size-1)/size)
	start, end := s.window(len(all), number, size)
	page := append([]json.RawMessage{}, all[start:end]...)
	meta := map[string]any{"page": map[string]int{"currentPage": number, "from": start + 1,
		"to": start + len(page), "lastPage": last, "perPage": size, "total": len(all)}}
	var included []json.RawMessage
	if q.Get("include") != "" {
		included = s.relatedOf(page, func(rel string) bool { return rel == "order-item" })
	}
	return document(page, included, "jsonapi", []byte(`{"version":"1.0"}`), "links", mustJSON(lemonLinks(r, number, last, size)),
		"meta", mustJSON(meta)), http.StatusOK
}

// storeLicenses are the licenses of one store ("" all).
func (s *Server) storeLicenses(store string) []json.RawMessage {
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
	return mustJSON(map[string]any{"jsonapi": map[string]string{"version": "1.0"},
		"errors": []map[string]string{{"status": strconv.Itoa(status), "title": http.StatusText(status), "detail": detail}}})
}
