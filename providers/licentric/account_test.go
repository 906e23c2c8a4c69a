package licentric_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/providers/licentric"
	"github.com/licentric/licentric-sync/providers/licentric/view"
	"github.com/licentric/licentric-sync/providers/targettest"
	"github.com/licentric/licentric-sync/sandbox"
)

// TestOtherAccountKeepsTheView: a run whose URL and key reach another
// account than the view's stops once the products show the account's id
// (one request), naming both accounts and never the key, and the view
// stays the first account's: a plan with its credentials is still free.
func TestOtherAccountKeepsTheView(t *testing.T) {
	urlA, path, d := keptAccount(t, sandbox.Options{AccountID: "acc-a"}, 5)
	_, _, urlB := startSandbox(t, sandbox.Options{AccountID: "acc-b"})
	targettest.Converge(t, newTarget(t, urlB), desired(1), false)

	other := viewTarget(t, urlB, path)
	_, err := other.Current(context.Background())
	var oa *licentric.OtherAccountError
	if !errors.As(err, &oa) || !strings.HasPrefix(oa.View, "account acc-a (API key sha256:") || !strings.HasPrefix(oa.Now, "account acc-b (API key sha256:") {
		t.Fatalf("another account must stop the read naming both, got %v", err)
	}
	if strings.Contains(err.Error(), testKey) || other.Requests() != 1 {
		t.Fatalf("the key must not show and only the products be read (%d requests): %v", other.Requests(), err)
	}
	other.Close()
	kept := viewTarget(t, urlA, path)
	if p := targettest.Plan(t, kept, d, false); !p.Empty() || kept.Requests() != 0 {
		t.Fatalf("the view must still be the first account's: %d changes, %d requests", len(p.Changes), kept.Requests())
	}
}

// TestSameAccountNewKey: the same account under a rotated API key is read
// whole once (its products carry the view's account id) and kept; the
// next plan with the new key comes from the view.
func TestSameAccountNewKey(t *testing.T) {
	url, path, d := keptAccount(t, sandbox.Options{}, 5)
	rotated := func() *licentric.Target {
		target, err := licentric.New(url, "lk_test_rotated")
		if err != nil {
			t.Fatal(err)
		}
		v, err := view.Open(path, "view.db")
		if err != nil {
			t.Fatal(err)
		}
		target.UseView(v, time.Hour, false, func() time.Time { return time.Now().UTC() })
		t.Cleanup(func() { target.Close() })
		return target
	}
	once := rotated()
	if p := targettest.Plan(t, once, d, false); !p.Empty() || once.Requests() != 3 {
		t.Fatalf("a rotated key: %d changes, %d requests; want a full read (3) and no change", len(p.Changes), once.Requests())
	}
	once.Close()
	again := rotated()
	if p := targettest.Plan(t, again, d, false); !p.Empty() || again.Requests() != 0 {
		t.Fatalf("after the read with the rotated key: %d changes, %d requests; want the view", len(p.Changes), again.Requests())
	}
}

// TestFullReadKeepsTheMonthsTotal: a plan that reads the account whole
// (refresh asked for, or the view too old) still reports the month's
// requests the view held before it, as a plan from the view does: the
// read replaces the licenses, not the account's running total.
func TestFullReadKeepsTheMonthsTotal(t *testing.T) {
	url, path, d := keptAccount(t, sandbox.Options{}, 5)
	v, err := view.Open(path, "view.db")
	if err != nil {
		t.Fatal(err)
	}
	before, err := v.Meta(context.Background())
	if err != nil || before.MonthRequests == 0 {
		t.Fatalf("the first apply must have counted its requests: %+v, %v", before, err)
	}
	full := newTarget(t, url)
	full.UseView(v, time.Hour, true, func() time.Time { return time.Now().UTC() })
	t.Cleanup(func() { full.Close() })
	targettest.Plan(t, full, d, false)
	fromView, m, _ := full.ViewState()
	if fromView || m.Month != before.Month || m.MonthRequests != before.MonthRequests {
		t.Fatalf("after a full read the month is %q with %d requests (from view: %v); want %q with %d, as the view held",
			m.Month, m.MonthRequests, fromView, before.Month, before.MonthRequests)
	}
}
