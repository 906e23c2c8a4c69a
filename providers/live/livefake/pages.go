package livefake

import (
	"encoding/json"
	"maps"
	"net/http"
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
		links["next"] = nextCursor(r, size, idOf(page[len(page)-1]))
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

// nextCursor is Keygen's links.next: the request's own query (include
// and filters kept, as pagination.rb's build_link does) with the page
// moved on to the cursor.
func nextCursor(r *http.Request, size int, cursor string) string {
	q := r.URL.Query()
	q.Set("page[size]", strconv.Itoa(size))
	q.Set("page[cursor]", cursor)
	return r.URL.Path + "?" + q.Encode()
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
		links["next"] = nextCursor(r, size, idOf(all[end-1]))
	}
	return document(all[start:end], nil, "links", mustJSON(links)), http.StatusOK
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
