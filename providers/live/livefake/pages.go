package livefake

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
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
	var included []json.RawMessage
	inc := q.Get("include")
	if s.OldAPI && strings.Contains(inc, "owner") {
		return badParam("include")
	}
	if inc != "" && !s.NoInclude {
		included = s.related(start, end, func(rel string) bool { return true })
	}
	return document(page, included, "links", mustJSON(links), "meta", []byte("{}")), http.StatusOK
}

// keygenList serves the included resources of one type as Keygen lists
// them (/users, /policies, /products), in id order, with cursor paging.
func (s *Server) keygenList(r *http.Request, typ string) ([]byte, int) {
	q := r.URL.Query()
	size, ok := pageSize(q.Get("page[size]"))
	if !ok {
		return badParam("page[size]")
	}
	var all []json.RawMessage
	for _, k := range slices.Sorted(maps.Keys(s.Included)) {
		if strings.HasPrefix(k, typ+"/") {
			all = append(all, s.Included[k])
		}
	}
	start := 0
	if c := q.Get("page[cursor]"); c != "" {
		start = -1
		for i, raw := range all {
			if idOf(raw) == c {
				start = i + 1
			}
		}
		if start < 0 {
			return badParam("page[cursor]")
		}
	}
	end := min(start+size, len(all))
	links := map[string]any{"self": r.URL.RequestURI(), "next": nil}
	if end < len(all) {
		links["next"] = r.URL.Path + "?" + url.Values{"page[size]": {strconv.Itoa(size)}, "page[cursor]": {idOf(all[end-1])}}.Encode()
	}
	return document(all[start:end], nil, "links", mustJSON(links)), http.StatusOK
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

// related is relatedOf for licenses start to end, with each license's
// relationships decoded once and kept (Update clears them).
func (s *Server) related(start, end int, want func(rel string) bool) []json.RawMessage {
	if len(s.rels) != len(s.Licenses) {
		s.rels = make([][]string, len(s.Licenses))
	}
	out := []json.RawMessage{}
	seen := map[string]bool{}
	for i := start; i < end; i++ {
		if s.rels[i] == nil {
			s.rels[i] = relations(s.Licenses[i], func(string) bool { return true })
		}
		for _, key := range s.rels[i] {
			if inc, ok := s.Included[key]; ok && !seen[key] {
				seen[key] = true
				out = append(out, inc)
			}
		}
	}
	return out
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
