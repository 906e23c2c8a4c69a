package keygenfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/licentric/licentric-sync/providers/live/livefake"
)

// Keygen's list endpoints as keygen-sh/keygen-api answers them; each
// behaviour is a row of the Keygen table in docs/platforms.md, held by
// TestKeygenFake*. Paging (app/controllers/concerns/pagination.rb):
// "page" must hold a number or a cursor (each with an optional size);
// with a cursor, keyset pages (lib/keyset_pagination.rb,
// app/models/concerns/pageable.rb) ordered by created then id, links
// self and next, no count; with a number, offset pages up to number 100
// with links self, prev, next, first, last and meta {pages, count};
// without page, the first "limit" (10) records and no links. The order
// is descending unless order=asc. Related resources are never included:
// the API has no include. /users lists role "user" unless roles[] says.

// keygenBad is Keygen's 400: render_bad_request with the parameter.
func keygenBad(detail, param string) ([]byte, int) {
	return livefake.MustJSON(map[string]any{"meta": map[string]string{"id": keygenRequestID},
		"errors": []map[string]any{{"title": "Bad request", "detail": detail, "source": map[string]string{"parameter": param}}}}), http.StatusBadRequest
}

var keygenUUID = regexp.MustCompile(`(?i)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// keygenList answers a list: of typ ("licenses", "users", "policies",
// "products", "machines"), or a policy's entitlements (typ
// "policies/{id}/entitlements", see entitlements.go).
func keygenList(s *livefake.Server, r *http.Request, typ string) ([]byte, int) {
	q := r.URL.Query()
	page, paged, ok := keygenPageParam(q)
	if !ok {
		return keygenBad("page must be an object containing a cursor or number and optional size", "page")
	}
	order := q.Get("order")
	if order == "" {
		order = "desc"
	}
	limit := 10
	if v, set := q["limit"]; set {
		limit = rubyInt(v[0])
	}
	all := keygenViewOf(s, typ, q["roles[]"])
	_, keyset := page["cursor"]
	switch {
	case paged && keyset:
		return keygenKeyset(r, all, page, limit, strings.ToLower(order))
	case paged:
		if o := strings.ToUpper(order); o != "ASC" && o != "DESC" {
			return keygenBad("order is invalid", "order")
		}
		return keygenOffset(r, all, page, limit, strings.ToUpper(order) == "DESC")
	}
	if o := strings.ToUpper(order); o != "ASC" && o != "DESC" {
		return keygenBad("order is invalid", "order")
	}
	if limit < 1 || limit > 100 {
		return keygenBad(fmt.Sprintf("limit must be a number between 1 and 100 (got %d)", limit), "limit")
	}
	return livefake.Document(all.slice(0, limit, strings.ToUpper(order) == "DESC"), nil), http.StatusOK
}

// keygenPageParam reads page[...] as Rails nests it: page is the
// members' names and values; paged says page was given at all; ok is
// false when it is not an object with a number or a cursor (a string).
func keygenPageParam(q url.Values) (page map[string]string, paged, ok bool) {
	page = map[string]string{}
	scalar := map[string]bool{}
	for k, vs := range q {
		if k == "page" {
			return nil, true, false // a string, not an object
		}
		name, isPage := strings.CutPrefix(k, "page[")
		if !isPage {
			continue
		}
		paged = true
		name, plain := strings.CutSuffix(name, "]")
		plain = plain && !strings.ContainsAny(name, "[]") && len(vs) == 1
		page[name], scalar[name] = vs[len(vs)-1], plain
	}
	if !paged {
		return page, false, true
	}
	_, number := page["number"]
	_, cursor := page["cursor"]
	return page, true, (number && scalar["number"]) || (cursor && scalar["cursor"])
}

// rubyInt is Ruby's String#to_i: the leading integer, 0 when none.
func rubyInt(v string) int {
	v = strings.TrimLeft(v, " \t\n")
	end := 0
	for end < len(v) && (v[end] >= '0' && v[end] <= '9' || end == 0 && (v[end] == '-' || v[end] == '+')) {
		end++
	}
	n, _ := strconv.Atoi(v[:end])
	return n
}

// keygenSize is page[size], or the limit (default 10) when not given.
func keygenSize(page map[string]string, limit int) int {
	if v, ok := page["size"]; ok {
		return rubyInt(v)
	}
	return limit
}

// keygenKeyset answers a cursor page: the records after the cursor's
// one in the order; a cursor naming no record (deleted since) answers an
// empty page, as Keygen's row comparison with a missing row does.
func keygenKeyset(r *http.Request, all *keygenView, page map[string]string, limit int, order string) ([]byte, int) {
	cursor, size := page["cursor"], keygenSize(page, limit)
	if cursor != "" && !keygenUUID.MatchString(cursor) {
		return keygenBad(fmt.Sprintf("page cursor must be a valid UUID (got %q)", cursor), "page[cursor]")
	}
	if size < 1 || size > 100 {
		return keygenBad(fmt.Sprintf("page size must be a number between 1 and 100 (got %d)", size), "page[size]")
	}
	if order != "asc" && order != "desc" {
		return keygenBad("order is invalid", "order")
	}
	desc, n := order == "desc", len(all.recs)
	start := 0
	if cursor != "" {
		start = n // a cursor naming no record: nothing comes after it
		if i, ok := all.pos[cursor]; ok {
			start = all.rank(i, desc) + 1
		}
	}
	end := min(start+size, n)
	links := map[string]any{"self": keygenLink(r, size, "cursor", cursor), "next": nil}
	if end < n && end > start {
		links["next"] = keygenLink(r, size, "cursor", all.at(end-1, desc).id)
	}
	return livefake.Document(all.slice(start, end-start, desc), nil, "links", livefake.MustJSON(links)), http.StatusOK
}

// keygenOffset answers page[number] (1–100) of page[size] (1–100), with
// Keygen's count in links.meta.
func keygenOffset(r *http.Request, all *keygenView, page map[string]string, limit int, desc bool) ([]byte, int) {
	number, size := rubyInt(page["number"]), keygenSize(page, limit)
	if number < 1 || number > 100 {
		detail := fmt.Sprintf("page number must be a number between 1 and 100 (got %d)", number)
		if number > 100 {
			detail = fmt.Sprintf("page number must be a number between 1 and 100 (got %d, please use cursor-based pagination instead)", number)
		}
		return keygenBad(detail, "page[number]")
	}
	if size < 1 || size > 100 {
		return keygenBad(fmt.Sprintf("page size must be a number between 1 and 100 (got %d)", size), "page[size]")
	}
	count := len(all.recs)
	pages := (count + size - 1) / size
	start := min((number-1)*size, count)
	link := func(n int, ok bool) any {
		if !ok {
			return nil
		}
		return keygenLink(r, size, "number", strconv.Itoa(n))
	}
	links := map[string]any{"self": link(number, true), "prev": link(number-1, number > 1 && number <= pages),
		"next": link(number+1, number < pages), "first": link(1, true), "last": link(pages, true),
		"meta": map[string]int{"pages": pages, "count": count}}
	return livefake.Document(all.slice(start, size, desc), nil, "links", livefake.MustJSON(links)), http.StatusOK
}

// keygenLink is Pagination#build_link: the request's path and query
// with page replaced by {size, name: value}, keys sorted.
func keygenLink(r *http.Request, size int, name, value string) string {
	q := url.Values{}
	for k, vs := range r.URL.Query() {
		if !strings.HasPrefix(k, "page[") && k != "page" && k != "token" && k != "auth" {
			q[k] = vs
		}
	}
	q.Set("page[size]", strconv.Itoa(size))
	q.Set("page["+name+"]", value)
	return r.URL.Path + "?" + q.Encode()
}

// keygenRecord is one resource with its sort key.
type keygenRecord struct {
	created, id, role string
	raw               json.RawMessage
}

// keygenView is a list in ascending order of created, then id, with
// each id's place: made once per list and roles (Update forgets it).
type keygenView struct {
	recs []keygenRecord
	pos  map[string]int
	// n is how many licenses the view was made from: a test that
	// changes them without Update gets a new view.
	n int
}

// rank is the place of ascending index i in the order asked.
func (v *keygenView) rank(i int, desc bool) int {
	if desc {
		return len(v.recs) - 1 - i
	}
	return i
}

// at is the record at place j of the order asked.
func (v *keygenView) at(j int, desc bool) keygenRecord { return v.recs[v.rank(j, desc)] }

// slice is up to n records from place start of the order asked.
func (v *keygenView) slice(start, n int, desc bool) []json.RawMessage {
	out := []json.RawMessage{}
	for j := start; j < min(start+n, len(v.recs)); j++ {
		out = append(out, v.at(j, desc).raw)
	}
	return out
}

// keygenViewOf is the list of typ; for users, of the roles asked
// (default "user", as UsersController's roles scope).
func keygenViewOf(s *livefake.Server, typ string, roles []string) *keygenView {
	if typ == "users" && len(roles) == 0 {
		roles = []string{"user"}
	}
	key := typ + "|" + strings.Join(roles, ",")
	if m, ok := s.Memo(key); ok {
		if v := m.(*keygenView); v.n == len(s.Licenses) {
			return v
		}
	}
	v := &keygenView{pos: map[string]int{}, n: len(s.Licenses)}
	for _, r := range keygenSort(s, typ) {
		if typ == "users" && !slices.ContainsFunc(roles, func(x string) bool { return strings.ReplaceAll(x, "-", "_") == r.role }) {
			continue
		}
		if _, dup := v.pos[r.id]; !dup {
			v.pos[r.id] = len(v.recs)
		}
		v.recs = append(v.recs, r)
	}
	s.SetMemo(key, v)
	return v
}

// keygenRaw are the resources a list serves, before keygenSort orders them.
func keygenRaw(s *livefake.Server, typ string) []json.RawMessage {
	if typ == "licenses" {
		return s.Licenses
	}
	if policy, ok := policyOfList(typ); ok {
		return policyEntitlements(s, policy)
	}
	return s.IncludedOf(typ, nil)
}

func keygenSort(s *livefake.Server, typ string) []keygenRecord {
	raw := keygenRaw(s, typ)
	all := make([]keygenRecord, 0, len(raw))
	for _, r := range raw {
		var v struct {
			ID         string `json:"id"`
			Attributes struct {
				Created string `json:"created"`
				Role    string `json:"role"`
			} `json:"attributes"`
		}
		_ = json.Unmarshal(r, &v)
		role := strings.ReplaceAll(v.Attributes.Role, "-", "_")
		if role == "" {
			role = "user"
		}
		all = append(all, keygenRecord{created: v.Attributes.Created, id: v.ID, role: role, raw: r})
	}
	slices.SortStableFunc(all, func(a, b keygenRecord) int {
		return strings.Compare(a.created+"\x00"+a.id, b.created+"\x00"+b.id)
	})
	return all
}
