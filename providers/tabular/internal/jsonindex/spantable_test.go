package jsonindex

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSpanTableFind holds the lookups the index relies on: every span
// that shares a hash is offered, latest in the file first, packed and
// wide entries alike, and adding after a lookup sorts again.
func TestSpanTableFind(t *testing.T) {
	var tab spanTable
	tab.add(7, span{off: 300, n: 10})
	tab.add(3, span{off: 100, n: 5})
	tab.add(7, span{off: 20, n: 4})
	tab.add(7, span{off: 1 << 41, n: 9})           // past what packs: wide
	tab.add(9, span{off: 50, n: maxPackedLen + 1}) // too long to pack: wide
	offered := func(h uint64) []span {
		var got []span
		tab.find(h, func(sp span) bool { got = append(got, sp); return false })
		return got
	}
	tests := []struct {
		h    uint64
		want []span
	}{
		{7, []span{{1 << 41, 9}, {300, 10}, {20, 4}}},
		{3, []span{{100, 5}}},
		{9, []span{{50, maxPackedLen + 1}}},
		{4, nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, offered(tt.h), cmp.AllowUnexported(span{})); diff != "" {
			t.Errorf("hash %d (-want +got):\n%s", tt.h, diff)
		}
	}
	tab.add(3, span{off: 400, n: 6})
	if diff := cmp.Diff([]span{{400, 6}, {100, 5}}, offered(3), cmp.AllowUnexported(span{})); diff != "" {
		t.Errorf("after a later add (-want +got):\n%s", diff)
	}
	var stopped []span
	if !tab.find(7, func(sp span) bool { stopped = append(stopped, sp); return sp.off == 300 }) || len(stopped) != 2 {
		t.Errorf("find did not stop at the accepted span: offered %v", stopped)
	}
	all := tab.all()
	if len(all) != 6 || all[0].off != 20 || all[5].off != 1<<41 {
		t.Errorf("all() = %v, want the six spans in file order", all)
	}
}

// TestSpanTableReserve holds the reservation to its bound and the
// frozen table to what it uses, so a dump with few owners does not keep
// room for as many as it has licenses.
func TestSpanTableReserve(t *testing.T) {
	var bounded spanTable
	bounded.reserve(1000, 3)
	if got := cap(bounded.entries); got != 3 {
		t.Errorf("reserved %d entries, want the bound, 3", got)
	}
	var few spanTable
	few.reserve(1000, 1<<20)
	few.add(1, span{off: 1, n: 1})
	few.add(2, span{off: 2, n: 1})
	few.freeze()
	if got := cap(few.entries); got > 8 {
		t.Errorf("a frozen table of 2 entries keeps room for %d", got)
	}
	if !few.find(2, func(sp span) bool { return sp.off == 2 }) {
		t.Errorf("entry lost when the table was clipped")
	}
}
