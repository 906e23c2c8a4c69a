package live_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/cryptlex"
	"github.com/licentric/licentric-sync/providers/httpx/httpxtest"
	"github.com/licentric/licentric-sync/providers/keygen"
	"github.com/licentric/licentric-sync/providers/keygen/keygenfake"
	"github.com/licentric/licentric-sync/providers/lemonsqueezy"
	"github.com/licentric/licentric-sync/providers/live"
	"github.com/licentric/licentric-sync/providers/live/livefake"
	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/registry"
	"github.com/licentric/licentric-sync/providers/tabular"
)

const token = "tok_SECRET_5f2a9c"

var ctors = map[string]providers.SourceConstructor{"keygen": keygen.New, "cryptlex": cryptlex.New, "lemonsqueezy": lemonsqueezy.New}

// apis are the platforms' list APIs, as the engine hands them to live.New.
var apis = map[string]*platform.API{"keygen": keygen.Platform.API, "cryptlex": cryptlex.Platform.API, "lemonsqueezy": lemonsqueezy.Platform.API}

// read is what a source yields: each record's values, and the errors.
type read struct {
	Values [][providers.NumFields]string
	Errs   []string
	Report *providers.ReadReport
}

func readAll(t *testing.T, src providers.Source) read {
	t.Helper()
	var r read
	for rec, err := range src.Records(context.Background()) {
		if err != nil {
			r.Errs = append(r.Errs, err.Error())
			continue
		}
		r.Values = append(r.Values, rec.Values)
	}
	r.Report = src.Report()
	return r
}

func liveSource(t *testing.T, platform, url string, opts live.Options) (providers.Source, *live.Pager) {
	t.Helper()
	cfg := config.Source{Name: platform + "-live", Platform: platform, API: &config.API{URL: url, TokenEnv: "PLATFORM_TOKEN"}}
	src := ctors[platform](cfg, t.TempDir())
	if opts.Getenv == nil {
		opts.Getenv = func(k string) string {
			if k == "PLATFORM_TOKEN" {
				return token
			}
			return ""
		}
	}
	pg, err := live.New(cfg, apis[platform], opts)
	if err != nil {
		t.Fatal(err)
	}
	src.(*tabular.Source).SetPager(pg)
	return src, pg
}

func fileSource(t *testing.T, platform, path string) providers.Source {
	abs, _ := filepath.Abs(path)
	return ctors[platform](config.Source{Name: platform + "-file", Platform: platform, Path: path, Glob: abs}, ".")
}

func fake(t *testing.T, platform string) *livefake.Server {
	t.Helper()
	products := ""
	if platform == "cryptlex" {
		products = "testdata/cryptlex-products.json"
	}
	s, err := livefake.Load(fakeAPI(platform), token, filepath.Join("testdata", platform+".json"), products)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func start(t *testing.T, s *livefake.Server) string {
	srv, url := s.Start()
	t.Cleanup(srv.Close)
	return url
}

// TestLiveEqualsFile: a platform's fixture served by its fake API reads
// as the same records as the fixture read as a file (Cryptlex gains the
// product names /products gives).
func TestLiveEqualsFile(t *testing.T) {
	for _, platform := range []string{"keygen", "cryptlex", "lemonsqueezy"} {
		t.Run(platform, func(t *testing.T) {
			s := fake(t, platform)
			src, pg := liveSource(t, platform, start(t, s), live.Options{})
			got := readAll(t, src)
			want := readAll(t, fileSource(t, platform, filepath.Join("testdata", platform+".json")))
			if len(got.Errs) > 0 || len(want.Errs) > 0 {
				t.Fatalf("errors: live %v, file %v", got.Errs, want.Errs)
			}
			if platform == "cryptlex" {
				for i := range want.Values {
					want.Values[i][providers.FProduct] = "Photo Studio"
				}
			}
			if platform == "keygen" { // served by creation date, the dump in its own order
				noPolicyLists(want.Values)
				byKey(want.Values)
				byKey(got.Values)
			}
			if diff := cmp.Diff(want.Values, got.Values); diff != "" {
				t.Errorf("live read differs from the file (-file +live):\n%s", diff)
			}
			if pg.Digest() == "" || len(got.Values) == 0 {
				t.Errorf("digest %q after reading %d records", pg.Digest(), len(got.Values))
			}
		})
	}
}

// TestRequestsAreTheMinimum: N licenses take N/100 pages (rounded up;
// Cryptlex adds its /products and a second pass over /licenses, which
// proves no license was skipped; Keygen its /users, /policies and
// /products lists, one count per list, and one page of entitlements per
// policy, 3 here, which needs no count), no more: the platform's total
// (Cryptlex's Pagination-Count header, LemonSqueezy's meta.page) ends the
// read without asking for an empty page.
func TestRequestsAreTheMinimum(t *testing.T) {
	for _, tc := range []struct {
		platform string
		n, want  int
	}{{"keygen", 250, 3 + 3 + 1 + 1 + 4 + 3}, {"keygen", 200, 2 + 2 + 1 + 1 + 4 + 3}, {"cryptlex", 250, 1 + 3 + 3}, {"cryptlex", 200, 1 + 2 + 2},
		{"lemonsqueezy", 250, 3}, {"lemonsqueezy", 0, 1}} {
		t.Run(fmt.Sprintf("%s-%d", tc.platform, tc.n), func(t *testing.T) {
			s := livefake.Generate(fakeAPI(tc.platform), token, tc.n)
			src, pg := liveSource(t, tc.platform, start(t, s), live.Options{})
			got := readAll(t, src)
			if len(got.Errs) > 0 || len(got.Values) != tc.n {
				t.Fatalf("read %d records, errors %v; want %d", len(got.Values), got.Errs, tc.n)
			}
			if s.Requests() != tc.want || pg.Requests() != tc.want {
				t.Errorf("%d requests (pager counted %d), want %d: %v", s.Requests(), pg.Requests(), tc.want, s.Paths())
			}
		})
	}
}

// TestPositions: a live record's position is its source, page and item.
func TestPositions(t *testing.T) {
	s := livefake.Generate(fakeAPI("keygen"), token, 150)
	s.Licenses[120] = []byte(strings.Replace(string(s.Licenses[120]), `"maxMachines":1`, `"maxMachines":"lots"`, 1))
	src, _ := liveSource(t, "keygen", start(t, s), live.Options{})
	var at []string
	for rec, err := range src.Records(context.Background()) {
		if err == nil && rec.Line == 21 {
			at = append(at, fmt.Sprintf("%s item %d", rec.File, rec.Line))
		}
	}
	want := []string{"api:keygen-live page 1 item 21", "api:keygen-live page 2 item 21"}
	if diff := cmp.Diff(want, at); diff != "" {
		t.Errorf("positions (-want +got):\n%s", diff)
	}
}

// TestFaults: 429 waits for Retry-After, 500 and a dropped connection
// are retried, an exhausted allowance waits for the reset instead of
// provoking a 429; the read still yields every license exactly once.
func TestFaults(t *testing.T) {
	for _, platform := range []string{"keygen", "cryptlex", "lemonsqueezy"} {
		t.Run(platform, func(t *testing.T) {
			t.Parallel()
			s := livefake.Generate(fakeAPI(platform), token, 300)
			// On LemonSqueezy, whose headers give no reset time, an
			// exhausted allowance waits a minute: on the fake clock.
			s.Faults = map[int]livefake.Fault{1: livefake.ServerError, 2: livefake.Drop, 3: livefake.TooMany, 4: livefake.Exhausted}
			clock := httpxtest.NewClock(time.Unix(1_700_000_000, 0))
			s.Now = clock.Now
			rep := &waits{}
			src, _ := liveSource(t, platform, start(t, s), live.Options{Report: rep, Clock: clock})
			got := readAll(t, src)
			if len(got.Errs) > 0 || len(got.Values) != 300 {
				t.Fatalf("read %d records, errors %v", len(got.Values), got.Errs)
			}
			if n := s.Requests(); n != 3+3+4*btoi(platform == "cryptlex")+(9+3)*btoi(platform == "keygen") {
				t.Errorf("%d requests: a wait for the reset must come before the next request, not a 429: %v", n, s.Paths())
			}
			if slept, _ := clock.Slept(); slept < time.Second {
				t.Errorf("slept %s in all; the 429's Retry-After alone is a second", slept)
			}
			keys := map[string]bool{}
			for _, v := range got.Values {
				keys[v[providers.FKey]] = true
			}
			if len(keys) != 300 {
				t.Errorf("%d distinct keys, want 300", len(keys))
			}
		})
	}
}

type waits struct {
	mu  sync.Mutex
	why []string
}

func (w *waits) Progress(string, int, int) {}
func (w *waits) Waiting(why string, _ time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.why = append(w.why, why)
}

// TestRefusals: a refused token names the source's variable and never
// the token; an empty variable says what to export; an error document
// answered with 200, a cursor that repeats and a store that changes
// while it is read are errors, never a partial read.
func TestRefusals(t *testing.T) {
	for _, tc := range []struct {
		name, platform string
		change         func(s *livefake.Server)
		getenv         func(string) string
		want           string
	}{
		{"401", "keygen", func(s *livefake.Server) { s.Faults = map[int]livefake.Fault{2: livefake.Unauthorized} }, nil,
			"page 2: the API refused the token in $PLATFORM_TOKEN (HTTP 401: TOKEN_INVALID Unauthorized You must be authenticated to complete the request)"},
		{"wrong token", "cryptlex", func(s *livefake.Server) { s.Token = "other" }, nil, "the API refused the token in $PLATFORM_TOKEN (HTTP 401: the token is invalid or expired)"},
		{"empty env", "lemonsqueezy", nil, func(string) string { return " " }, "$PLATFORM_TOKEN is empty; export the lemonsqueezy API token in it"},
		{"repeated id", "keygen", func(s *livefake.Server) { s.Licenses[199] = s.Licenses[99] }, nil,
			"/licenses: page 2: id 00000001-0000-4000-8000-000000000063 was read on an earlier page"},
		{"store changed", "lemonsqueezy", func(s *livefake.Server) {
			s.OnRequest = func(n int) {
				if n == 2 {
					s.Licenses = s.Licenses[1:]
				}
			}
		}, nil, "page 2: the store now holds 249 license keys, 250 when the read began"},
		{"error page", "keygen", func(s *livefake.Server) { s.Faults = map[int]livefake.Fault{1: livefake.ErrorOK} }, nil,
			`page 1: the answer is an error document (MAINTENANCE OK down for maintenance); expected a JSON:API list with "data" and "links"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := livefake.Generate(fakeAPI(tc.platform), token, 250)
			platform := s.Platform
			if tc.change != nil {
				tc.change(s)
			}
			srv := httptest.NewServer(s)
			t.Cleanup(srv.Close)
			src, _ := liveSource(t, platform, srv.URL+fakeAPI(platform).Base, live.Options{Getenv: tc.getenv})
			got := readAll(t, src)
			all := strings.Join(got.Errs, "\n")
			if !strings.Contains(all, tc.want) {
				t.Errorf("errors %q, want one containing %q", all, tc.want)
			}
			if strings.Contains(all, token) {
				t.Errorf("the token leaked: %s", all)
			}
		})
	}
}

// TestSnapshot: pull's snapshot reads back as the same records with the
// same digest; a page changed or missing afterwards is refused.
func TestSnapshot(t *testing.T) {
	s := livefake.Generate(fakeAPI("cryptlex"), token, 230)
	url, dir, want, pg := pull(t, s)
	again, pg2 := liveSource(t, "cryptlex", url, live.Options{Snapshot: dir})
	before := s.Requests()
	got := readAll(t, again)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("snapshot read differs (-live +snapshot):\n%s", diff)
	}
	if pg2.Digest() != pg.Digest() || s.Requests() != before {
		t.Errorf("digest %s vs live %s; %d requests during the snapshot read", pg2.Digest(), pg.Digest(), s.Requests()-before)
	}
	info, err := os.Stat(filepath.Join(dir, "cryptlex-live", live.PageFile("licenses", 1)))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("page file: %v, %v", info, err)
	}
	page := filepath.Join(dir, "cryptlex-live", live.PageFile("licenses", 2))
	if err := os.WriteFile(page, []byte("[]"), 0o600); err != nil {
		t.Fatal(err)
	}
	bad, _ := liveSource(t, "cryptlex", url, live.Options{Snapshot: dir})
	if errs := readAll(t, bad).Errs; len(errs) != 1 || !strings.Contains(errs[0], "licenses-000002.json changed since it was pulled") {
		t.Errorf("a changed page: %v", errs)
	}
	os.Remove(page)
	if errs := readAll(t, bad).Errs; len(errs) != 1 || !strings.Contains(errs[0], "no such file") {
		t.Errorf("a missing page: %v", errs)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func byKey(v [][providers.NumFields]string) {
	slices.SortFunc(v, func(a, b [providers.NumFields]string) int {
		return strings.Compare(a[providers.FKey], b[providers.FKey])
	})
}

// TestKeygenOldAPI: an account pinned to API 1.4 names the owner "user";
// it is joined as "owner" is. Every list is read with cursor pages from
// an empty cursor (never page[size] alone, which Keygen refuses), asks
// for no include (Keygen has none) and is counted once.
func TestKeygenOldAPI(t *testing.T) {
	old, err := livefake.Load(fakeAPI("keygen"), token, "testdata/keygen-old-api.json", "")
	if err != nil {
		t.Fatal(err)
	}
	src, _ := liveSource(t, "keygen", start(t, old), live.Options{})
	got := readAll(t, src)
	want := readAll(t, fileSource(t, "keygen", "testdata/keygen-old-api.json"))
	noPolicyLists(want.Values)
	byKey(want.Values)
	byKey(got.Values)
	if diff := cmp.Diff(want.Values, got.Values); diff != "" || len(got.Errs) > 0 {
		t.Errorf("old API (-file +live):\n%s\nerrors %v", diff, got.Errs)
	}
	wantPaths := []string{"/users?order=asc&page%5Bcursor%5D=&page%5Bsize%5D=100&" + roles, "/users?page%5Bnumber%5D=1&page%5Bsize%5D=1&" + roles,
		"/policies?order=asc&page%5Bcursor%5D=&page%5Bsize%5D=100", "/policies?page%5Bnumber%5D=1&page%5Bsize%5D=1",
		"/products?order=asc&page%5Bcursor%5D=&page%5Bsize%5D=100", "/products?page%5Bnumber%5D=1&page%5Bsize%5D=1",
		"/policies/p-1/entitlements?order=asc&page%5Bcursor%5D=&page%5Bsize%5D=100",
		"/licenses?order=asc&page%5Bcursor%5D=&page%5Bsize%5D=100", "/licenses?page%5Bnumber%5D=1&page%5Bsize%5D=1"}
	var paths []string
	for _, p := range old.Paths() {
		paths = append(paths, strings.TrimPrefix(p, fakeAPI("keygen").Base))
	}
	if diff := cmp.Diff(wantPaths, paths); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

const roles = "roles%5B%5D=user&roles%5B%5D=admin&roles%5B%5D=developer&roles%5B%5D=sales-agent&roles%5B%5D=support-agent&roles%5B%5D=read-only"

// TestKeygenMissingOwners: owners /users does not list are row errors
// located at their page and item (the plan stops); with owners: optional
// they are one warning for the source, counted and located across pages.
func TestKeygenMissingOwners(t *testing.T) {
	s := livefake.Generate(fakeAPI("keygen"), token, 250)
	for _, i := range []int{5, 150, 220} {
		delete(s.Included, "users/"+keygenfake.ID("users", i))
	}
	url := start(t, s)
	src, _ := liveSource(t, "keygen", url, live.Options{})
	got := readAll(t, src)
	var at []string
	for _, e := range got.Errs {
		at = append(at, strings.SplitN(e, ": ", 2)[0])
	}
	want := []string{"api:keygen-live page 1 item 6", "api:keygen-live page 2 item 51", "api:keygen-live page 3 item 21"}
	if diff := cmp.Diff(want, at); diff != "" || len(got.Values) != 247 || !strings.Contains(got.Errs[0], "names its owner users/00000002-0000-4000-8000-000000000005") {
		t.Errorf("%d records; errors (-want +got):\n%s\n%v", len(got.Values), diff, got.Errs)
	}
	cfg := config.Source{Name: "keygen-live", Platform: "keygen", API: &config.API{URL: url, TokenEnv: "PLATFORM_TOKEN"}, OwnersOptional: true}
	opt := keygen.New(cfg, t.TempDir())
	pg, err := live.New(cfg, keygen.Platform.API, live.Options{Getenv: func(string) string { return token }})
	if err != nil {
		t.Fatal(err)
	}
	opt.(*tabular.Source).SetPager(pg)
	got = readAll(t, opt)
	warn := []string{"3 licenses name an owner that is not in what the API listed under /users (first at api:keygen-live page 1 item 6, " +
		"api:keygen-live page 2 item 51, api:keygen-live page 3 item 21): their emails and names are empty; owners: optional lets them through"}
	if diff := cmp.Diff(warn, got.Report.Warnings); diff != "" || len(got.Values) != 250 || len(got.Errs) > 0 {
		t.Errorf("owners: optional: %d records, errors %v; warnings (-want +got):\n%s", len(got.Values), got.Errs, diff)
	}
}

// fakeAPI is the fake of a platform's API, from its descriptor.
func fakeAPI(name string) *livefake.API { return registry.Default().Fake(name) }
