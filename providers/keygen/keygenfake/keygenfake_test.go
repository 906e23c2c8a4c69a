package keygenfake_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/providers/keygen/keygenfake"
	"github.com/licentric/licentric-sync/providers/live/livefake"
)

// Each test here holds the Keygen fake to one row of the Keygen table
// in docs/platforms.md (named in the row), which cites keygen-api.

const token = "tok_fake"

// keygenPage is what the tests read of an answer.
type keygenPage struct {
	Status int
	Header http.Header
	Data   []struct {
		ID   string `json:"id"`
		Type string `json:"type"`
	} `json:"data"`
	Included []json.RawMessage          `json:"included"`
	Links    map[string]json.RawMessage `json:"links"`
	Meta     map[string]any             `json:"meta"`
	Errors   []struct {
		Title, Detail, Code string
		Source              map[string]string
	} `json:"errors"`
}

// keygenFake serves n generated licenses and answers get(path?query).
func keygenFake(t *testing.T, n int) (*livefake.Server, func(string) keygenPage) {
	t.Helper()
	s := livefake.Generate(keygenfake.API, token, n)
	srv, api := s.Start()
	t.Cleanup(srv.Close)
	return s, func(pathQuery string) keygenPage {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, api+pathQuery, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		p := keygenPage{Status: resp.StatusCode, Header: resp.Header}
		if err := json.Unmarshal(body, &p); err != nil {
			t.Fatalf("GET %s: %v: %s", pathQuery, err, body)
		}
		return p
	}
}

func (p keygenPage) ids() []string {
	var out []string
	for _, d := range p.Data {
		out = append(out, d.ID)
	}
	return out
}

func (p keygenPage) link(name string) string {
	var s *string
	_ = json.Unmarshal(p.Links[name], &s)
	if s == nil {
		return "null"
	}
	return *s
}

// TestKeygenFakePageParameter: page must hold a number or a cursor,
// each with an optional size; page[size] alone, a bare page, or sizes,
// numbers and cursors out of range are 400s naming the parameter, in
// Keygen's error body.
func TestKeygenFakePageParameter(t *testing.T) {
	_, get := keygenFake(t, 30)
	for _, tc := range []struct {
		query, detail, param string
	}{
		{"page%5Bsize%5D=100", "page must be an object containing a cursor or number and optional size", "page"},
		{"page=1", "page must be an object containing a cursor or number and optional size", "page"},
		{"page%5Bcursor%5D=&page%5Bsize%5D=101", "page size must be a number between 1 and 100 (got 101)", "page[size]"},
		{"page%5Bcursor%5D=lic-1", `page cursor must be a valid UUID (got "lic-1")`, "page[cursor]"},
		{"page%5Bnumber%5D=101&page%5Bsize%5D=10", "page number must be a number between 1 and 100 (got 101, please use cursor-based pagination instead)", "page[number]"},
		{"page%5Bnumber%5D=1&page%5Bsize%5D=0", "page size must be a number between 1 and 100 (got 0)", "page[size]"},
		{"page%5Bcursor%5D=&order=newest", "order is invalid", "order"},
		{"limit=500", "limit must be a number between 1 and 100 (got 500)", "limit"},
	} {
		p := get("/licenses?" + tc.query)
		if p.Status != http.StatusBadRequest || len(p.Errors) != 1 || p.Meta["id"] == nil {
			t.Errorf("%s: status %d, errors %+v, meta %v; want 400 with one error and meta.id", tc.query, p.Status, p.Errors, p.Meta)
			continue
		}
		e := p.Errors[0]
		if e.Title != "Bad request" || e.Detail != tc.detail || e.Source["parameter"] != tc.param {
			t.Errorf("%s: error %+v, want detail %q for parameter %q", tc.query, e, tc.detail, tc.param)
		}
	}
	for _, q := range []string{"page%5Bnumber%5D=2", "page%5Bcursor%5D=", "page%5Bnumber%5D=1&page%5Bsize%5D=100", "page%5Bcursor%5D=&page%5Bsize%5D=1"} {
		if p := get("/licenses?" + q); p.Status != http.StatusOK {
			t.Errorf("%s: status %d %+v, want 200", q, p.Status, p.Errors)
		}
	}
}

// TestKeygenFakeOrder: newest first (created, then id) unless order=asc.
func TestKeygenFakeOrder(t *testing.T) {
	_, get := keygenFake(t, 30)
	desc, asc := get("/licenses?page%5Bcursor%5D=&page%5Bsize%5D=3"), get("/licenses?page%5Bcursor%5D=&page%5Bsize%5D=3&order=asc")
	want := [][]string{{keygenfake.ID("licenses", 29), keygenfake.ID("licenses", 28), keygenfake.ID("licenses", 27)},
		{keygenfake.ID("licenses", 0), keygenfake.ID("licenses", 1), keygenfake.ID("licenses", 2)}}
	if diff := cmp.Diff(want, [][]string{desc.ids(), asc.ids()}); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

// TestKeygenFakeCursorPages: cursor pages link self and next (the last
// record's id), next is null on the last page, and there is no count;
// a cursor naming a deleted record answers an empty page with no next.
func TestKeygenFakeCursorPages(t *testing.T) {
	s, get := keygenFake(t, 25)
	first := get("/licenses?page%5Bcursor%5D=&page%5Bsize%5D=10&order=asc")
	last := keygenfake.ID("licenses", 9)
	wantNext := keygenfake.API.Base + "/licenses?order=asc&page%5Bcursor%5D=" + last + "&page%5Bsize%5D=10"
	if first.link("next") != wantNext || first.link("self") != keygenfake.API.Base+"/licenses?order=asc&page%5Bcursor%5D=&page%5Bsize%5D=10" {
		t.Errorf("links %v", first.Links)
	}
	if len(first.Links) != 2 || first.Meta != nil {
		t.Errorf("a cursor page has links self and next only, and no meta: %v %v", first.Links, first.Meta)
	}
	end := get(strings.TrimPrefix(get(strings.TrimPrefix(wantNext, keygenfake.API.Base)).link("next"), keygenfake.API.Base))
	if len(end.Data) != 5 || end.link("next") != "null" {
		t.Errorf("last page: %d records, next %s; want 5 and null", len(end.Data), end.link("next"))
	}
	s.Update(func() { s.Licenses = append(s.Licenses[:9:9], s.Licenses[10:]...) })
	gone := get(strings.TrimPrefix(wantNext, keygenfake.API.Base))
	if gone.Status != http.StatusOK || len(gone.Data) != 0 || gone.link("next") != "null" {
		t.Errorf("after the cursor's record was deleted: %d, %d records, next %s; want 200, 0, null", gone.Status, len(gone.Data), gone.link("next"))
	}
}

// TestKeygenFakeOffsetPages: number pages carry links self, prev, next,
// first, last and meta {pages, count}; without page, limit (default 10)
// records and no links.
func TestKeygenFakeOffsetPages(t *testing.T) {
	_, get := keygenFake(t, 25)
	p := get("/licenses?page%5Bnumber%5D=3&page%5Bsize%5D=10")
	var meta map[string]int
	_ = json.Unmarshal(p.Links["meta"], &meta)
	if len(p.Data) != 5 || p.link("next") != "null" || p.link("prev") == "null" || p.link("last") == "null" ||
		!cmp.Equal(meta, map[string]int{"pages": 3, "count": 25}) {
		t.Errorf("page 3 of 3: %d records, links %v", len(p.Data), p.Links)
	}
	if none := get("/licenses"); len(none.Data) != 10 || none.Links != nil {
		t.Errorf("without page: %d records, links %v; want 10 and none", len(none.Data), none.Links)
	}
	if five := get("/licenses?limit=5"); len(five.Data) != 5 {
		t.Errorf("limit=5: %d records", len(five.Data))
	}
}

// TestKeygenFakeNoInclude: include= is ignored: a license names its
// owner, policy and product by id, and /users, /policies and /products
// list them (users of role "user" unless roles[] asks for others).
func TestKeygenFakeNoInclude(t *testing.T) {
	s, get := keygenFake(t, 3)
	if p := get("/licenses?page%5Bcursor%5D=&include=owner%2Cpolicy%2Cproduct"); p.Included != nil || len(p.Data) != 3 {
		t.Errorf("include=: %d records, included %s", len(p.Data), p.Included)
	}
	admin := `{"type":"users","id":"00000002-0000-4000-8000-0000000000aa","attributes":{"email":"root@example.com","role":"admin"}}`
	s.Update(func() { s.Included["users/00000002-0000-4000-8000-0000000000aa"] = json.RawMessage(admin) })
	users, all := get("/users?page%5Bcursor%5D="), get("/users?page%5Bcursor%5D=&roles%5B%5D=user&roles%5B%5D=admin")
	if len(users.Data) != 3 || len(all.Data) != 4 {
		t.Errorf("/users: %d without roles[] (want 3), %d with user and admin (want 4)", len(users.Data), len(all.Data))
	}
	for _, list := range []string{"policies", "products"} {
		if p := get("/" + list + "?page%5Bcursor%5D="); len(p.Data) != 3 || p.Data[0].Type != list {
			t.Errorf("/%s: %+v", list, p.Data)
		}
	}
}

// TestKeygenFakeErrorsAndRates: every answer states the allowance in
// X-RateLimit-Window, -Count, -Limit, -Remaining and -Reset; a throttled
// request is 429 with Retry-After and code TOO_MANY_REQUESTS; a refused
// token is 401 TOKEN_INVALID with meta.id.
func TestKeygenFakeErrorsAndRates(t *testing.T) {
	s, get := keygenFake(t, 3)
	ok := get("/licenses?page%5Bcursor%5D=")
	for _, h := range []string{"X-Ratelimit-Window", "X-Ratelimit-Count", "X-Ratelimit-Limit", "X-Ratelimit-Remaining", "X-Ratelimit-Reset"} {
		if ok.Header.Get(h) == "" {
			t.Errorf("no %s on a 200", h)
		}
	}
	if ct := ok.Header.Get("Content-Type"); ct != "application/vnd.api+json" {
		t.Errorf("content type %q", ct)
	}
	s.Faults = map[int]livefake.Fault{2: livefake.TooMany, 3: livefake.Unauthorized}
	slow, refused := get("/licenses?page%5Bcursor%5D="), get("/licenses?page%5Bcursor%5D=")
	if slow.Status != http.StatusTooManyRequests || slow.Header.Get("Retry-After") == "" || slow.Header.Get("X-Ratelimit-Remaining") != "0" ||
		len(slow.Errors) != 1 || slow.Errors[0].Code != "TOO_MANY_REQUESTS" || slow.Errors[0].Title != "Too many requests" {
		t.Errorf("429: %d %v %+v", slow.Status, slow.Header, slow.Errors)
	}
	if refused.Status != http.StatusUnauthorized || len(refused.Errors) != 1 || refused.Errors[0].Code != "TOKEN_INVALID" || refused.Meta["id"] == nil {
		t.Errorf("401: %d %+v %v", refused.Status, refused.Errors, refused.Meta)
	}
}
