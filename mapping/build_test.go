package mapping

import (
	"context"
	"errors"
	"iter"
	"testing"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
)

// endlessSource yields the same record until it is told to stop,
// counting what it yields and how much after cancel was called.
type endlessSource struct {
	fakeSource
	hint          int
	cancelAt      int
	cancel        func()
	yielded, late int
}

func (e *endlessSource) SizeHint() int { return e.hint }

func (e *endlessSource) Records(context.Context) iter.Seq2[*providers.Record, error] {
	return func(yield func(*providers.Record, error) bool) {
		for i := 0; i < 1_000_000; i++ {
			if e.cancelAt > 0 && i == e.cancelAt {
				e.cancel()
			}
			if e.cancelAt > 0 && i >= e.cancelAt {
				e.late++
			}
			e.yielded++
			if !yield(rec(i+2, "key", "K", "policy", "Yearly"), nil) {
				return
			}
		}
	}
}

// TestBuildStopsWhenCancelled: Ctrl-C is seen at the next record, even
// from a source that does not look at its context itself (the records
// counted after cancel are the one that was on its way).
func TestBuildStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	src := &endlessSource{fakeSource: fakeSource{name: "src", platform: "csv"}, cancelAt: 100, cancel: cancel}
	res := Build(ctx, testConfig("csv", nil, nil), []providers.Source{src}, now)
	if src.late > 1 {
		t.Errorf("%d records were read after cancel, want at most the one on its way", src.late)
	}
	if len(res.Errors) == 0 || !errors.Is(res.Errors[len(res.Errors)-1], context.Canceled) {
		t.Errorf("errors %v, want the read said stopped", res.Errors)
	}
}

// TestBuildReservesOnlyForLicensesRead: a hint (a count found in the
// files) reserves its list only once firstReserve licenses came; a
// hostile hint with nothing behind it reserves no more than that.
func TestBuildReservesOnlyForLicensesRead(t *testing.T) {
	empty := &hinted{fakeSource: fakeSource{name: "src", platform: "csv"}, hint: 1 << 40}
	res := Build(context.Background(), testConfig("csv", nil, nil), []providers.Source{empty}, now)
	if got := cap(res.Licenses); got > firstReserve {
		t.Errorf("a source hinting 2^40 licenses and holding none reserved %d, want at most %d", got, firstReserve)
	}
	var list []license.License
	for range firstReserve {
		list = appendLicense(list, license.License{}, firstReserve*3)
		if cap(list) >= firstReserve*3 {
			t.Fatalf("reserved the hint's %d before %d licenses came", cap(list), firstReserve)
		}
	}
	list = make([]license.License, firstReserve) // full, as Build's first reservation once it is
	if list = appendLicense(list, license.License{}, firstReserve*3); cap(list) < firstReserve*3 {
		t.Errorf("after %d licenses the list holds %d, want the hint %d", firstReserve+1, cap(list), firstReserve*3)
	}
}

// hinted is a fake source with a size hint.
type hinted struct {
	fakeSource
	hint int
}

func (h *hinted) SizeHint() int { return h.hint }
