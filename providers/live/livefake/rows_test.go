package livefake_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/providers/live/livefake"
	"github.com/licentric/licentric-sync/providers/registry"
)

// These tests hold the Cryptlex and LemonSqueezy fakes to the rows of
// docs/platforms.md, one subtest per row, over real HTTP.

const tok = "tok_rows"

// answer is one reply of a fake.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func get(t *testing.T, base, path string) answer {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+path, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, body}
}

func serve(t *testing.T, s *livefake.Server) string {
	srv, url := s.Start()
	t.Cleanup(srv.Close)
	return url
}

// ids are the "id" members of a bare array or of a JSON:API "data".
func ids(t *testing.T, body []byte) []string {
	t.Helper()
	var items []struct{ ID string }
	var doc struct{ Data json.RawMessage }
	if json.Unmarshal(body, &doc) == nil && doc.Data != nil {
		body = doc.Data
	}
	if err := json.Unmarshal(body, &items); err != nil {
		t.Fatalf("not a list: %s", body)
	}
	out := []string{}
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

func want[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s: %v, want %v", what, got, want)
	}
}

func TestCryptlexRows(t *testing.T) {
	s := livefake.Generate(fakeAPI("cryptlex"), tok, 5)
	base := serve(t, s)
	t.Run("paging", func(t *testing.T) {
		a := get(t, base, "/licenses?page=2&limit=2")
		want(t, "ids", strings.Join(ids(t, a.body), ","), "lic-100002,lic-100003")
		for _, q := range []string{"page=0&limit=2", "page=1&limit=0", "page=x&limit=2"} {
			a := get(t, base, "/licenses?"+q)
			want(t, q+" status", a.status, http.StatusBadRequest)
			var e map[string]string
			if json.Unmarshal(a.body, &e) != nil || e["message"] == "" || len(e) != 1 {
				t.Errorf("%s: body %s, want {\"message\"} alone", q, a.body)
			}
		}
	})
	t.Run("totals", func(t *testing.T) {
		a := get(t, base, "/licenses?page=2&limit=2")
		got := []string{a.header.Get("Pagination-Count"), a.header.Get("Pagination-Page"), a.header.Get("Pagination-Limit")}
		if diff := cmp.Diff([]string{"5", "2", "2"}, got); diff != "" {
			t.Errorf("Pagination-Count, -Page, -Limit (-want +got):\n%s", diff)
		}
		quiet := livefake.Generate(fakeAPI("cryptlex"), tok, 5)
		quiet.NoTotals = true
		want(t, "NoTotals: Pagination-Count", get(t, serve(t, quiet), "/licenses?page=1&limit=2").header.Get("Pagination-Count"), "")
	})
	t.Run("last-page", func(t *testing.T) {
		want(t, "the short last page", len(ids(t, get(t, base, "/licenses?page=3&limit=2").body)), 1)
		a := get(t, base, "/licenses?page=4&limit=2")
		want(t, "past the end", string(a.body)+" "+http.StatusText(a.status), "[] OK")
	})
	t.Run("page-cap", func(t *testing.T) {
		capped := livefake.Generate(fakeAPI("cryptlex"), tok, 250)
		capped.PageCap = 30
		a := get(t, serve(t, capped), "/licenses?page=1&limit=100")
		want(t, "items", len(ids(t, a.body)), 30)
		want(t, "Pagination-Limit", a.header.Get("Pagination-Limit"), "30")
	})
	t.Run("related", func(t *testing.T) {
		var lic []map[string]any
		_ = json.Unmarshal(get(t, base, "/licenses?page=1&limit=1").body, &lic)
		_, named := lic[0]["product"]
		want(t, "license names its product only by productId", lic[0]["productId"] != nil && !named, true)
		want(t, "/products", strings.Join(ids(t, get(t, base, "/products?page=1&limit=100").body), ","), "prod-0,prod-1,prod-2")
	})
	t.Run("errors", func(t *testing.T) {
		wrong := livefake.Generate(fakeAPI("cryptlex"), "other", 1)
		a := get(t, serve(t, wrong), "/licenses?page=1&limit=1")
		want(t, "status", a.status, http.StatusUnauthorized)
		want(t, "body", strings.TrimSpace(string(a.body)), `{"message":"the token is invalid or expired"}`)
		a = get(t, base, "/nope")
		want(t, "404 body", fmt.Sprint(a.status)+" "+string(a.body), `404 {"message":"no route /v3/nope"}`)
	})
	t.Run("rate-headers", func(t *testing.T) {
		a := get(t, base, "/licenses?page=1&limit=1")
		want(t, "X-Rate-Limit-Limit", a.header.Get("X-Rate-Limit-Limit"), "5s")
		want(t, "X-Rate-Limit-Remaining set", a.header.Get("X-Rate-Limit-Remaining") != "", true)
		if _, err := http.ParseTime(a.header.Get("X-Rate-Limit-Reset")); err != nil {
			t.Errorf("X-Rate-Limit-Reset %q is not a UTC time: %v", a.header.Get("X-Rate-Limit-Reset"), err)
		}
		busy := livefake.Generate(fakeAPI("cryptlex"), tok, 1)
		busy.Faults = map[int]livefake.Fault{1: livefake.TooMany}
		a = get(t, serve(t, busy), "/licenses?page=1&limit=1")
		want(t, "429 Retry-After", http.StatusText(a.status)+" "+a.header.Get("Retry-After"), "Too Many Requests 1")
	})
}

// lemonDoc is the part of a LemonSqueezy list page the rows speak of.
type lemonDoc struct {
	Links    map[string]string
	Meta     struct{ Page map[string]int }
	Included []struct{ Type, ID string }
	Errors   []map[string]string
	JSONAPI  map[string]string
}

func lemon(t *testing.T, a answer) lemonDoc {
	t.Helper()
	var d lemonDoc
	if err := json.Unmarshal(a.body, &d); err != nil {
		t.Fatalf("%v: %s", err, a.body)
	}
	return d
}

func TestLemonSqueezyRows(t *testing.T) {
	s := livefake.Generate(fakeAPI("lemonsqueezy"), tok, 25)
	base := serve(t, s)
	t.Run("paging", func(t *testing.T) {
		d := lemon(t, get(t, base, "/license-keys"))
		want(t, "default perPage", d.Meta.Page["perPage"], 10)
		want(t, "default currentPage", d.Meta.Page["currentPage"], 1)
		for _, q := range []string{"page[size]=101", "page[size]=0", "page[number]=0"} {
			a := get(t, base, "/license-keys?"+q)
			d := lemon(t, a)
			if a.status != http.StatusBadRequest || len(d.Errors) != 1 || d.Errors[0]["status"] != "400" {
				t.Errorf("%s: %d %s, want a 400 JSON:API error", q, a.status, a.body)
			}
		}
	})
	t.Run("order", func(t *testing.T) {
		got := ids(t, get(t, base, "/license-keys?page[size]=3").body)
		want(t, "newest first", strings.Join(got, ","), "100024,100023,100022")
	})
	t.Run("last-page", func(t *testing.T) {
		first := lemon(t, get(t, base, "/license-keys?page[size]=10&page[number]=1"))
		_, prev := first.Links["prev"]
		want(t, "page 1 has links.prev", prev, false)
		want(t, "page 1 links.next", strings.Contains(first.Links["next"], "page%5Bnumber%5D=2"), true)
		last := lemon(t, get(t, base, "/license-keys?page[size]=10&page[number]=3"))
		_, next := last.Links["next"]
		want(t, "last page has links.next", next, false)
		want(t, "last page is lastPage", last.Meta.Page["currentPage"], last.Meta.Page["lastPage"])
		want(t, "links.last", strings.Contains(last.Links["last"], "page%5Bnumber%5D=3") && last.Links["first"] != "", true)
	})
	t.Run("totals", func(t *testing.T) {
		p := lemon(t, get(t, base, "/license-keys?page[size]=10&page[number]=3")).Meta.Page
		got := []int{p["total"], p["from"], p["to"], p["lastPage"], p["perPage"]}
		if diff := cmp.Diff([]int{25, 21, 25, 3, 10}, got); diff != "" {
			t.Errorf("total, from, to, lastPage, perPage (-want +got):\n%s", diff)
		}
	})
	t.Run("related", func(t *testing.T) {
		d := lemon(t, get(t, base, "/license-keys?page[size]=2&include=order-item"))
		want(t, "included", len(d.Included), 2)
		want(t, "included type", d.Included[0].Type+"/"+d.Included[0].ID, "order-items/100024")
		want(t, "without include", len(lemon(t, get(t, base, "/license-keys?page[size]=2")).Included), 0)
	})
	t.Run("errors", func(t *testing.T) {
		wrong := livefake.Generate(fakeAPI("lemonsqueezy"), "other", 1)
		d := lemon(t, get(t, serve(t, wrong), "/license-keys"))
		if diff := cmp.Diff([]map[string]string{{"status": "401", "title": "Unauthorized", "detail": "the token is invalid or expired"}}, d.Errors); diff != "" {
			t.Errorf("errors (-want +got):\n%s", diff)
		}
		want(t, "jsonapi.version", d.JSONAPI["version"], "1.0")
		a := get(t, base, "/nope")
		want(t, "404", fmt.Sprint(a.status)+" "+lemon(t, a).Errors[0]["status"], "404 404")
	})
	t.Run("rate-headers", func(t *testing.T) {
		a := get(t, base, "/license-keys")
		want(t, "X-Ratelimit-Limit", a.header.Get("X-Ratelimit-Limit"), "300")
		want(t, "X-Ratelimit-Remaining set", a.header.Get("X-Ratelimit-Remaining") != "", true)
		want(t, "no reset header", a.header.Get("X-Ratelimit-Reset"), "")
	})
}

// fakeAPI is the fake of a platform's API, from its descriptor.
func fakeAPI(name string) *livefake.API { return registry.Default().Fake(name) }

// TestIncludedOf: a list served from the related resources holds only
// their type, in the order asked (ids as text unless a platform says
// otherwise), the same on every request whatever the map's order.
func TestIncludedOf(t *testing.T) {
	s := livefake.New(&livefake.API{Name: "test"}, tok)
	for _, k := range []string{"x/10", "x/2", "x/1", "xy/3", "y/0"} {
		s.Included[k] = json.RawMessage(`"` + k + `"`)
	}
	text := func(raws []json.RawMessage) (out []string) {
		for _, r := range raws {
			out = append(out, string(r))
		}
		return out
	}
	if diff := cmp.Diff([]string{`"x/1"`, `"x/10"`, `"x/2"`}, text(s.IncludedOf("x", nil))); diff != "" {
		t.Errorf("by id as text (-want +got):\n%s", diff)
	}
	desc := func(a, b string) int { return strings.Compare(b, a) }
	if diff := cmp.Diff([]string{`"x/2"`, `"x/10"`, `"x/1"`}, text(s.IncludedOf("x", desc))); diff != "" {
		t.Errorf("by the platform's order (-want +got):\n%s", diff)
	}
}
