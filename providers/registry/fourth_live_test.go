package registry_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/mapping"
	"github.com/licentric/licentric-sync/providers/live"
	"github.com/licentric/licentric-sync/providers/live/livefake"
	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/registry"
	"github.com/licentric/licentric-sync/providers/tabular"
)

// Acme's list API, as its package would state it: /licenses as a bare
// array, paged by page and per_page, the total in X-Total-Count, asked
// for in Acme's own media type.
const acmeMedia = "application/x-acme+json"

// acmePages reads Acme's licenses with the generic offset reader.
func acmePages(ctx context.Context, l platform.Lister, deliver func(tabular.LivePage) error) error {
	_, err := live.ReadOffset(ctx, l, live.OffsetList{Kind: tabular.LicensesPage, Noun: "licenses", Holder: "the shop",
		URL: func(n, size int) (string, url.Values) {
			return "/licenses", url.Values{"page": {strconv.Itoa(n)}, "per_page": {strconv.Itoa(size)}}
		},
		Read: func(n int, body []byte, hdr http.Header) (live.ListPage, error) {
			ids, ok := tabular.ItemIDs(body)
			if !ok {
				return live.ListPage{}, l.ShapeError(n, body, "a JSON array of licenses")
			}
			total, err := strconv.Atoi(hdr.Get("X-Total-Count"))
			if err != nil {
				return live.ListPage{}, l.ShapeError(n, body, "an X-Total-Count header")
			}
			return live.ListPage{IDs: ids, Total: total, TotalName: "X-Total-Count"}, nil
		}}, deliver)
	return err
}

// acmeFake serves Acme's API: it refuses a request not in Acme's media
// type, so a read that did not take Accept from the descriptor fails.
var acmeFake = &livefake.API{
	Name: "acme", Base: "/shop/api", ContentType: acmeMedia, Bare: true,
	Answer: func(s *livefake.Server, r *http.Request) ([]byte, int) {
		if r.Header.Get("Accept") != acmeMedia {
			return livefake.MustJSON(map[string]string{"error": "not acceptable"}), http.StatusNotAcceptable
		}
		if r.URL.Path != "/shop/api/licenses" {
			return s.NotFound(r)
		}
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		size, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
		if page < 1 || size < 1 {
			return livefake.MustJSON(map[string]string{"error": "bad paging"}), http.StatusBadRequest
		}
		start, end := s.Window(len(s.Licenses), page, size)
		return livefake.List(s.Licenses[start:end]), http.StatusOK
	},
	Headers: func(s *livefake.Server, h http.Header, _ *http.Request) {
		h.Set("X-Total-Count", strconv.Itoa(len(s.Licenses)))
	},
	Generate: func(s *livefake.Server, n int) {
		states := []string{"live", "paused", "revoked"}
		for i := range n {
			s.Licenses = append(s.Licenses, livefake.MustJSON(map[string]any{"id": i + 1, "serial": livefake.Key("acme", i),
				"mail": "u" + strconv.Itoa(i) + "@x.io", "state": states[i%3]}))
		}
	},
}

// TestFourthPlatformLive: the fourth platform's live API, served by its
// own fake found through its descriptor, is read by the live reader from
// what the descriptor says (paging, media type, rate) and mapped by its
// status words, with nothing else changed.
func TestFourthPlatformLive(t *testing.T) {
	reg := append(registry.Default(), acme)
	const token = "acme_tok"
	fake := livefake.Generate(reg.Fake("acme"), token, 250)
	srv, apiURL := fake.Start()
	t.Cleanup(srv.Close)
	file := t.TempDir() + "/licentric.yaml"
	cfg, err := reg.Config().Parse(file, []byte(strings.Replace(acmeConfig, "path: licenses.csv", "api: {url: "+apiURL+", token_env: ACME_TOKEN}", 1)))
	if err != nil {
		t.Fatal(err)
	}
	sources, err := reg.Sources(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := reg.Lookup("acme")
	pg, err := live.New(cfg.Sources[0], p.API, live.Options{Getenv: func(k string) string {
		return map[string]string{"ACME_TOKEN": token}[k]
	}})
	if err != nil {
		t.Fatal(err)
	}
	sources[0].(*tabular.Source).SetPager(pg)
	res := mapping.Build(context.Background(), cfg, sources, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), mapping.Platforms(reg))
	got := map[license.Status]int{}
	for _, l := range res.Licenses {
		got[l.Status]++
	}
	want := map[license.Status]int{license.Active: 84, license.Suspended: 83, license.Revoked: 83}
	if diff := cmp.Diff(want, got); diff != "" || len(res.Errors) > 0 {
		t.Errorf("statuses (-want +got):\n%s\nerrors: %v", diff, res.Errors)
	}
	if diff := cmp.Diff([]string{"/shop/api/licenses?page=1&per_page=100", "/shop/api/licenses?page=2&per_page=100",
		"/shop/api/licenses?page=3&per_page=100"}, fake.Paths()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	if cost := pg.ReadCost(); !strings.Contains(cost, "in 3 requests (pages of 100); at the platform's 120 requests/min") {
		t.Errorf("read cost %q does not quote Acme's rate", cost)
	}
}
