// Package cryptlexfake is Cryptlex's list API as the live fake serves
// it (see providers/live/livefake): /products and /licenses as bare
// arrays paged by page and limit, the total in Pagination-* headers,
// {"message"} errors and X-Rate-Limit-* headers. docs/platforms.md cites
// each behaviour. Cryptlex's descriptor names it (Live.Fake).
package cryptlexfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/licentric/licentric-sync/providers/live/livefake"
)

// name and base are the platform's config name and the path the fake
// serves under.
const (
	name = "cryptlex"
	base = "/v3"
)

// API is the fake of Cryptlex's API.
var API = &livefake.API{
	Name:        name,
	Base:        base,
	ContentType: "application/json; charset=utf-8",
	Bare:        true,
	Answer:      answer,
	Headers:     headers,
	RateHeaders: rateHeaders,
	ErrorBody: func(_ int, _, msg string) []byte {
		return livefake.MustJSON(map[string]any{"message": msg})
	},
	Generate: generate,
}

func answer(s *livefake.Server, r *http.Request) ([]byte, int) {
	switch r.URL.Path {
	case base + "/licenses":
		return list(s, r, withKey(s, r.URL.Query().Get("key[eq]")))
	case base + "/products":
		return list(s, r, s.Products)
	case base + "/activations":
		return list(s, r, Activations(s))
	}
	if body, status, ok := record(s, r); ok {
		return body, status
	}
	return s.NotFound(r)
}

func rateHeaders(h http.Header, left string, reset time.Time) {
	h.Set("X-Rate-Limit-Limit", "5s")
	h.Set("X-Rate-Limit-Remaining", left)
	h.Set("X-Rate-Limit-Reset", reset.UTC().Format(http.TimeFormat))
}

// generate makes three products and n licenses, each with its user.
func generate(s *livefake.Server, n int) {
	add := func(v any) json.RawMessage { return livefake.MustJSON(v) }
	for p := 0; p < 3; p++ {
		s.Products = append(s.Products, add(map[string]any{"id": fmt.Sprintf("prod-%d", p), "name": fmt.Sprintf("Product %d", p)}))
	}
	for i := 0; i < n; i++ {
		id := livefake.SourceID(i)
		s.Licenses = append(s.Licenses, add(map[string]any{"id": "lic-" + id, "key": livefake.Key(name, i), "revoked": false, "suspended": i%50 == 0,
			"allowedActivations": 1 + i%5, "totalActivations": 0, "expiresAt": livefake.Expiry(i), "productId": fmt.Sprintf("prod-%d", i%3),
			"createdAt": "2024-01-02T03:04:05.000Z",
			"user":      map[string]any{"email": "user" + id + "@example.com", "firstName": "User", "lastName": id},
			"metadata":  []map[string]any{{"key": "n", "value": fmt.Sprint(i)}}}))
	}
}

// list serves a bare array: page (from 1) of limit items.
func list(s *livefake.Server, r *http.Request, all []json.RawMessage) ([]byte, int) {
	limit, page, msg := cryptlexPaging(r.URL.Query())
	if msg != "" {
		return livefake.MustJSON(map[string]string{"message": msg}), http.StatusBadRequest
	}
	start, end := s.Window(len(all), page, limit)
	return livefake.List(all[start:end]), http.StatusOK
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

// headers states the list's paging as Cryptlex's REST
// conventions do: Pagination-Count (the total), -Page and -Limit.
func headers(s *livefake.Server, h http.Header, r *http.Request) {
	if s.NoTotals {
		return
	}
	all := withKey(s, r.URL.Query().Get("key[eq]"))
	switch r.URL.Path {
	case base + "/products":
		all = s.Products
	case base + "/activations":
		all = Activations(s)
	}
	limit, page, _ := cryptlexPaging(r.URL.Query())
	if s.PageCap > 0 {
		limit = min(limit, s.PageCap)
	}
	h.Set("Pagination-Count", strconv.Itoa(len(all)))
	h.Set("Pagination-Page", strconv.Itoa(page))
	h.Set("Pagination-Limit", strconv.Itoa(limit))
}

// Activations are the activations a test gave the fake, as its related
// resources named "activations/ID", in id order: Cryptlex documents no
// order for lists.
func Activations(s *livefake.Server) []json.RawMessage { return s.IncludedOf("activations", nil) }
