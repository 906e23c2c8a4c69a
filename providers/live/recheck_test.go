package live_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/providers/cryptlex"
	"github.com/licentric/licentric-sync/providers/live"
	"github.com/licentric/licentric-sync/providers/live/livefake"
)

// sale is a Cryptlex license created now, as a sale during a read makes.
func sale(id string) json.RawMessage {
	b, _ := json.Marshal(map[string]any{"id": id, "key": "SALE-" + id, "revoked": false, "suspended": false,
		"allowedActivations": 1, "productId": "prod-0", "createdAt": time.Now().UTC().Format(time.RFC3339Nano),
		"user": map[string]any{"email": id + "@example.com"}})
	return b
}

// TestCryptlexSkipRefused: Cryptlex documents no order. A license
// deleted behind the read point while a sale lands ahead of it keeps the
// total and repeats no id, but the license at the page boundary is
// skipped; the second pass finds it (created before the read) and the
// read is refused, where prune would have deleted its Licentric copy.
func TestCryptlexSkipRefused(t *testing.T) {
	s := livefake.Generate(fakeAPI("cryptlex"), token, 250)
	s.OnRequest = func(n int) {
		if n == 3 { // /licenses page 2
			s.Update(func() { s.Licenses = append(s.Licenses[1:], sale("lic-new")) })
		}
	}
	src, _ := liveSource(t, "cryptlex", start(t, s), live.Options{})
	want := `/licenses: checking the read by a second pass: page 1: the record with id "lic-100100", created before the read began, ` +
		`was not among the 250 licenses it read: licenses shifted while it was read`
	if all := strings.Join(readAll(t, src).Errs, "\n"); !strings.Contains(all, want) {
		t.Errorf("errors %q, want one containing %q", all, want)
	}
}

// TestCryptlexSaleBetweenPasses: a sale after the first pass is not an
// error: it is not in Licentric yet, and the next run reads it.
func TestCryptlexSaleBetweenPasses(t *testing.T) {
	s := livefake.Generate(fakeAPI("cryptlex"), token, 250)
	s.OnRequest = func(n int) {
		if n == 5 { // the second pass's first page
			s.Update(func() { s.Licenses = append([]json.RawMessage{sale("lic-new")}, s.Licenses...) })
		}
	}
	src, _ := liveSource(t, "cryptlex", start(t, s), live.Options{})
	if got := readAll(t, src); len(got.Errs) > 0 || len(got.Values) != 250 {
		t.Errorf("read %d records, errors %v; want the 250 of the first pass", len(got.Values), got.Errs)
	}
}

// TestCryptlexReadCost: the plan's note counts the second pass.
func TestCryptlexReadCost(t *testing.T) {
	got := live.ReadCost(cryptlex.Platform.API.Live, 1001)
	want := "read from its API in 1001 pages of 100 and its licenses again to prove none was skipped, about 2001 requests; " +
		"at the platform's 600 requests/min that takes about 3m20s"
	if got != want {
		t.Errorf("ReadCost = %q, want %q", got, want)
	}
}
