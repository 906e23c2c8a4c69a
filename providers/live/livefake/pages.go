package livefake

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
)

// pageSize reads a page size parameter: 1–100, as the platforms allow.
func pageSize(v string) (int, bool) {
	n, err := strconv.Atoi(v)
	return n, err == nil && n >= 1 && n <= 100
}

// keygen serves cursor pages: the licenses after page[cursor] (an id),
// included resources when include= asks, and links.next.
func (s *Server) keygen(r *http.Request) ([]byte, int) {
	q := r.URL.Query()
	size, ok := pageSize(q.Get("page[size]"))
	if !ok {
		return badParam("page[size]")
	}
	start := 0
	if c := q.Get("page[cursor]"); c != "" {
		i, ok := s.position(c)
		if !ok {
			return badParam("page[cursor]")
		}
		start = i + 1
	}
	end := min(start+size, len(s.Licenses))
	page := append([]json.RawMessage{}, s.Licenses[start:end]...)
	links := map[string]any{"self": r.URL.RequestURI(), "next": nil}
	if end < len(s.Licenses) {
		nq := url.Values{"page[size]": {strconv.Itoa(size)}, "page[cursor]": {idOf(page[len(page)-1])}}
		links["next"] = r.URL.Path + "?" + nq.Encode()
	}
	doc := map[string]any{"data": page, "links": links, "meta": map[string]any{}}
	if inc := q.Get("include"); inc != "" {
		doc["included"] = s.related(page, func(rel string) bool { return true })
	}
	return mustJSON(doc), http.StatusOK
}

// cryptlex serves a bare array: page (from 1) of limit items.
func (s *Server) cryptlex(r *http.Request, all []json.RawMessage) ([]byte, int) {
	q := r.URL.Query()
	limit, ok := pageSize(q.Get("limit"))
	if !ok {
		return mustJSON(map[string]string{"message": "limit must be 1-100"}), http.StatusBadRequest
	}
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page < 1 {
		return mustJSON(map[string]string{"message": "page must be 1 or more"}), http.StatusBadRequest
	}
	start := min((page-1)*limit, len(all))
	return mustJSON(append([]json.RawMessage{}, all[start:min(start+limit, len(all))]...)), http.StatusOK
}

// lemon serves page[number] of page[size], order items included, with
// meta.page as LemonSqueezy states it; filter[store_id] narrows.
func (s *Server) lemon(r *http.Request) ([]byte, int) {
	q := r.URL.Query()
	size, ok := pageSize(q.Get("page[size]"))
	if !ok {
		return badParam("page[size]")
	}
	number, err := strconv.Atoi(q.Get("page[number]"))
	if err != nil || number < 1 {
		return badParam("page[number]")
	}
	all := s.Licenses
	if store := q.Get("filter[store_id]"); store != "" {
		all = nil
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
	}
	last := max(1, (len(all)+size-1)/size)
	start := min((number-1)*size, len(all))
	page := append([]json.RawMessage{}, all[start:min(start+size, len(all))]...)
	doc := map[string]any{"data": page, "meta": map[string]any{"page": map[string]int{"currentPage": number, "from": start + 1,
		"to": start + len(page), "lastPage": last, "perPage": size, "total": len(all)}}}
	if q.Get("include") != "" {
		doc["included"] = s.related(page, func(rel string) bool { return rel == "order-item" })
	}
	return mustJSON(doc), http.StatusOK
}

// related collects the included resources a page's licenses point at,
// by relationship or (LemonSqueezy) by order_item_id, once each.
func (s *Server) related(page []json.RawMessage, want func(rel string) bool) []json.RawMessage {
	out := []json.RawMessage{}
	seen := map[string]bool{}
	add := func(key string) {
		if inc, ok := s.Included[key]; ok && !seen[key] {
			seen[key] = true
			out = append(out, inc)
		}
	}
	for _, l := range page {
		var res struct {
			Relationships map[string]struct {
				Data *struct{ Type, ID string } `json:"data"`
			} `json:"relationships"`
			Attributes struct {
				OrderItemID json.Number `json:"order_item_id"`
			} `json:"attributes"`
		}
		if json.Unmarshal(l, &res) != nil {
			continue
		}
		for _, rel := range slices.Sorted(maps.Keys(res.Relationships)) {
			if r := res.Relationships[rel]; r.Data != nil && want(rel) {
				add(r.Data.Type + "/" + r.Data.ID)
			}
		}
		if id := res.Attributes.OrderItemID.String(); id != "" && want("order-item") {
			add("order-items/" + id)
		}
	}
	return out
}

// position is where the license with id lies, from an index rebuilt
// whenever the licenses changed length (tests add some between reads).
func (s *Server) position(id string) (int, bool) {
	if len(s.index) != len(s.Licenses) {
		s.index = make(map[string]int, len(s.Licenses))
		for i, l := range s.Licenses {
			if _, dup := s.index[idOf(l)]; !dup {
				s.index[idOf(l)] = i
			}
		}
	}
	i, ok := s.index[id]
	return i, ok
}

func idOf(raw json.RawMessage) string {
	var v struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(raw, &v) != nil {
		return ""
	}
	var s string
	if json.Unmarshal(v.ID, &s) == nil {
		return s
	}
	return string(v.ID)
}
