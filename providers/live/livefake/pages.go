package livefake

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Window is the slice of n records that page number (from 1) of size
// covers, cut to the fake's page cap; a Truncated answer is one short.
func (s *Server) Window(n, number, size int) (start, end int) {
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

// PageSize reads a page size parameter: 1–100, as the platforms allow.
func PageSize(v string) (int, bool) {
	n, err := strconv.Atoi(v)
	return n, err == nil && n >= 1 && n <= 100
}

// List writes a JSON array of items as they are: the fake's own
// licenses are valid JSON, and re-encoding them would make the fake, not
// the client, the cost a benchmark measures.
func List(items []json.RawMessage) []byte {
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

// Document is a JSON:API document: data, included (when not nil) and
// the other members given as name, value pairs.
func Document(data, included []json.RawMessage, more ...any) []byte {
	b := append([]byte(`{"data":`), List(data)...)
	if included != nil {
		b = append(append(b, `,"included":`...), List(included)...)
	}
	for i := 0; i+1 < len(more); i += 2 {
		b = append(append(append(append(b, ',', '"'), more[i].(string)...), '"', ':'), more[i+1].([]byte)...)
	}
	return append(b, '}')
}

// RelatedOf collects the included resources a page's licenses point at,
// by relationship or by order_item_id, once each.
func (s *Server) RelatedOf(page []json.RawMessage, want func(rel string) bool) []json.RawMessage {
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

// IncludedOf are the related resources of typ (those kept as "typ/ID"
// in Included), the platform's list of them, ordered by ID with cmp (nil:
// as text), so that a list served from a map is the same on every request.
func (s *Server) IncludedOf(typ string, cmp func(a, b string) int) []json.RawMessage {
	var ids []string
	for k := range s.Included {
		if id, ok := strings.CutPrefix(k, typ+"/"); ok {
			ids = append(ids, id)
		}
	}
	if cmp == nil {
		cmp = strings.Compare
	}
	slices.SortFunc(ids, cmp)
	out := make([]json.RawMessage, len(ids))
	for i, id := range ids {
		out[i] = s.Included[typ+"/"+id]
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
