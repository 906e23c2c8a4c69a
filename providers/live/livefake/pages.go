package livefake

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
)

// pageSize reads a page size parameter: 1–100, as the platforms allow.
func pageSize(v string) (int, bool) {
	n, err := strconv.Atoi(v)
	return n, err == nil && n >= 1 && n <= 100
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
	return list(all[start:min(start+limit, len(all))]), http.StatusOK
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
	end := min(start+size, len(all))
	page := append([]json.RawMessage{}, all[start:end]...)
	meta := map[string]any{"page": map[string]int{"currentPage": number, "from": start + 1,
		"to": start + len(page), "lastPage": last, "perPage": size, "total": len(all)}}
	var included []json.RawMessage
	if q.Get("include") != "" {
		included = s.relatedOf(page, func(rel string) bool { return rel == "order-item" })
	}
	return document(page, included, "meta", mustJSON(meta)), http.StatusOK
}

// list writes a JSON array of items as they are: the fake's own
// licenses are valid JSON, and re-encoding them would make the fake, not
// the client, the cost a benchmark measures.
func list(items []json.RawMessage) []byte {
	n := 2
	for _, it := range items {
		n += len(it) + 1
	}
	b := make([]byte, 0, n)
	b = append(b, '[')
	for i, it := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, it...)
	}
	return append(b, ']')
}

// document is a JSON:API document: data, included (when not nil) and
// the other members given as name, value pairs.
func document(data, included []json.RawMessage, more ...any) []byte {
	b := append([]byte(`{"data":`), list(data)...)
	if included != nil {
		b = append(append(b, `,"included":`...), list(included)...)
	}
	for i := 0; i+1 < len(more); i += 2 {
		b = append(append(append(append(b, ',', '"'), more[i].(string)...), '"', ':'), more[i+1].([]byte)...)
	}
	return append(b, '}')
}

// relatedOf collects the included resources a page's licenses point at,
// by relationship or (LemonSqueezy) by order_item_id, once each.
func (s *Server) relatedOf(page []json.RawMessage, want func(rel string) bool) []json.RawMessage {
	out := []json.RawMessage{}
	seen := map[string]bool{}
	for _, l := range page {
		for _, key := range relations(l, want) {
			if inc, ok := s.Included[key]; ok && !seen[key] {
				seen[key] = true
				out = append(out, inc)
			}
		}
	}
	return out
}

// relations are the "type/id" keys a license points at.
func relations(l json.RawMessage, want func(rel string) bool) []string {
	keys := []string{}
	{
		var res struct {
			Relationships map[string]struct {
				Data *struct{ Type, ID string } `json:"data"`
			} `json:"relationships"`
			Attributes struct {
				OrderItemID json.Number `json:"order_item_id"`
			} `json:"attributes"`
		}
		if json.Unmarshal(l, &res) != nil {
			return keys
		}
		for _, rel := range slices.Sorted(maps.Keys(res.Relationships)) {
			if r := res.Relationships[rel]; r.Data != nil && want(rel) {
				keys = append(keys, r.Data.Type+"/"+r.Data.ID)
			}
		}
		if id := res.Attributes.OrderItemID.String(); id != "" && want("order-item") {
			keys = append(keys, "order-items/"+id)
		}
	}
	return keys
}
