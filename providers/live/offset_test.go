package live_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/live"
	"github.com/licentric/licentric-sync/providers/live/livefake"
)

// licensesPage is the request number of license page n: Cryptlex reads
// its one page of /products first.
func licensesPage(platform string, n int) int {
	if platform == "cryptlex" {
		return n + 1
	}
	return n
}

// TestPageCap: a server that serves fewer records than asked (a page
// cap) is read whole, asked for that many from page 2 on; with no total
// to go by (Cryptlex without its Pagination-Count) an empty page ends it.
// Cryptlex's /licenses is read twice (see TestCryptlexSkipRefused).
func TestPageCap(t *testing.T) {
	for _, tc := range []struct {
		platform string
		noTotals bool
		requests int
	}{{"cryptlex", false, 1 + 9 + 9}, {"cryptlex", true, 2 + 9 + 9}, {"lemonsqueezy", false, 9}} {
		t.Run(fmt.Sprintf("%s-totals-%v", tc.platform, !tc.noTotals), func(t *testing.T) {
			s := livefake.Generate(fakeAPI(tc.platform), token, 250)
			s.PageCap, s.NoTotals = 30, tc.noTotals
			src, _ := liveSource(t, tc.platform, start(t, s), live.Options{})
			got := readAll(t, src)
			keys := map[string]bool{}
			for _, v := range got.Values {
				keys[v[providers.FKey]] = true
			}
			if len(got.Errs) > 0 || len(got.Values) != 250 || len(keys) != 250 {
				t.Fatalf("read %d records (%d distinct), errors %v; want 250", len(got.Values), len(keys), got.Errs)
			}
			paths := s.Paths()
			if len(paths) != tc.requests || !strings.Contains(strings.Join(paths, " "), "=30") {
				t.Errorf("%d requests, want %d, pages after the first asking for 30: %v", len(paths), tc.requests, paths)
			}
		})
	}
}

// TestShortPageRefused: a short or empty page while the platform's own
// total says more is an error naming both numbers, never an end of list.
func TestShortPageRefused(t *testing.T) {
	for _, tc := range []struct {
		platform string
		n, page  int
		want     string
	}{
		{"cryptlex", 250, 2, "/licenses: page 2 held 99 licenses of 100 asked, ending the list at 199, but its Pagination-Count header says 250"},
		{"cryptlex", 201, 3, "/licenses: page 3 held 0 licenses of 100 asked, ending the list at 200, but its Pagination-Count header says 201"},
		{"lemonsqueezy", 250, 3, "page 3 held 49 license keys of 100 asked, ending the list at 249, but meta.page.total says 250"},
		{"lemonsqueezy", 201, 3, "page 3 held 0 license keys of 100 asked, ending the list at 200, but meta.page.total says 201"},
	} {
		t.Run(fmt.Sprintf("%s-%d", tc.platform, tc.n), func(t *testing.T) {
			s := livefake.Generate(fakeAPI(tc.platform), token, tc.n)
			s.Faults = map[int]livefake.Fault{licensesPage(tc.platform, tc.page): livefake.Truncated}
			src, _ := liveSource(t, tc.platform, start(t, s), live.Options{})
			got := readAll(t, src)
			if all := strings.Join(got.Errs, "\n"); !strings.Contains(all, tc.want) {
				t.Errorf("errors %q, want one containing %q", all, tc.want)
			}
		})
	}
}

// TestListShiftRefused: a sale and a deletion between two pages leave
// the total as it was but shift every later record by one; the record
// that comes twice gives it away. A deletion alone moves the total.
// (LemonSqueezy lists newest first: the sale lands on page 1.)
func TestListShiftRefused(t *testing.T) {
	saleAndDeletion := func(s *livefake.Server) {
		sale := livefake.Generate(fakeAPI(s.Platform), token, 251).Licenses
		newest := sale[len(sale)-1]
		if s.Platform == "lemonsqueezy" {
			newest = sale[0]
		}
		s.Licenses = append([]json.RawMessage{newest}, s.Licenses[:len(s.Licenses)-1]...)
	}
	deletion := func(s *livefake.Server) { s.Licenses = s.Licenses[1:] }
	for _, tc := range []struct {
		platform, name string
		edit           func(s *livefake.Server)
		want           string
	}{
		{"cryptlex", "sale and deletion", saleAndDeletion,
			`/licenses: page 2: the record with id "lic-100099" came already on page 1: licenses shifted while it was read`},
		{"lemonsqueezy", "sale and deletion", saleAndDeletion,
			`page 2: the record with id "100150" came already on page 1: license keys shifted while it was read`},
		{"cryptlex", "deletion", deletion, "/licenses: page 2: the account now holds 249 licenses, 250 when the read began (its Pagination-Count header)"},
		{"lemonsqueezy", "deletion", deletion, "page 2: the store now holds 249 license keys, 250 when the read began (meta.page.total)"},
	} {
		t.Run(tc.platform+"-"+tc.name, func(t *testing.T) {
			s := livefake.Generate(fakeAPI(tc.platform), token, 250)
			s.OnRequest = func(n int) {
				if n == licensesPage(tc.platform, 2) {
					s.Update(func() { tc.edit(s) })
				}
			}
			src, _ := liveSource(t, tc.platform, start(t, s), live.Options{})
			if all := strings.Join(readAll(t, src).Errs, "\n"); !strings.Contains(all, tc.want) {
				t.Errorf("errors %q, want one containing %q", all, tc.want)
			}
		})
	}
}

// TestLemonSnapshotAsFiles: a LemonSqueezy pull, pages with links.next
// left out on the last one as LemonSqueezy sends them, reads back
// through path: as the same records as the live read.
func TestLemonSnapshotAsFiles(t *testing.T) {
	s := livefake.Generate(fakeAPI("lemonsqueezy"), token, 230)
	_, dir, want, _ := pull(t, s)
	got := readAll(t, fileSource(t, "lemonsqueezy", filepath.Join(dir, "lemonsqueezy-live", "licenses-*.json")))
	if len(want.Errs) > 0 || len(got.Errs) > 0 || len(got.Values) != 230 {
		t.Fatalf("live errors %v; files: %d records, errors %v", want.Errs, len(got.Values), got.Errs)
	}
	if diff := cmp.Diff(want.Values, got.Values); diff != "" {
		t.Errorf("files differ from the live read (-live +files):\n%s", diff)
	}
}

// pull reads s live, saving a snapshot: the API's url, the snapshot's
// directory, what the live read yielded and its pager.
func pull(t *testing.T, s *livefake.Server) (url, dir string, want read, pg *live.Pager) {
	t.Helper()
	url, dir = start(t, s), t.TempDir()
	name := s.Platform + "-live"
	w, err := live.NewWriter(dir, config.Source{Name: name, Platform: s.Platform, API: &config.API{URL: url, TokenEnv: "PLATFORM_TOKEN"}}, false)
	if err != nil {
		t.Fatal(err)
	}
	var src providers.Source
	src, pg = liveSource(t, s.Platform, url, live.Options{Save: w.Save})
	want = readAll(t, src)
	if _, err := w.Commit(time.Now(), "test", pg.Digest()); err != nil {
		t.Fatal(err)
	}
	return url, dir, want, pg
}

// TestErrorBodies: each platform's error document is read for its
// message, whether it comes with an error status or, from a proxy, 200.
func TestErrorBodies(t *testing.T) {
	for _, tc := range []struct {
		platform string
		fault    livefake.Fault
		want     string
	}{
		{"cryptlex", livefake.ErrorOK, "/products: page 1: the answer is an error document (down for maintenance); expected a JSON array of products"},
		{"lemonsqueezy", livefake.ErrorOK, `page 1: the answer is an error document (OK down for maintenance); expected a JSON:API list with "data" and meta.page`},
		{"cryptlex", livefake.Unauthorized, "the API refused the token in $PLATFORM_TOKEN (HTTP 401: the token is invalid or expired)"},
		{"lemonsqueezy", livefake.Unauthorized, "page 1: the API refused the token in $PLATFORM_TOKEN (HTTP 401: Unauthorized the token is invalid or expired)"},
	} {
		t.Run(tc.platform+"-"+string(tc.fault), func(t *testing.T) {
			s := livefake.Generate(fakeAPI(tc.platform), token, 10)
			s.Faults = map[int]livefake.Fault{1: tc.fault}
			src, _ := liveSource(t, tc.platform, start(t, s), live.Options{})
			if all := strings.Join(readAll(t, src).Errs, "\n"); !strings.Contains(all, tc.want) {
				t.Errorf("errors %q, want one containing %q", all, tc.want)
			}
		})
	}
}
