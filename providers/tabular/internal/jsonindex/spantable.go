package jsonindex

import (
	"cmp"
	"slices"
	"sync"
	"sync/atomic"
)

// spanTable says where each included resource of a streamed file lies,
// by a hash of its type and id, in one array of 16-byte entries sorted
// once before the first lookup: a million owners cost 16 MB (32 MB
// while it grows), where a growing hash map allocated over 100 MB.
//
// Every resource indexed keeps its entry. A hash that two entries share
// (the same resource twice, or two resources whose hashes collide) is
// resolved when looked up: the candidates are read back, latest in the
// file first, until one is the resource asked for, so a later copy of a
// resource replaces an earlier one, as in a document read whole.
type spanTable struct {
	entries []spanEntry
	// wide holds the rare resources that do not pack: 16 MiB or larger,
	// or lying past the first TiB of the file.
	wide []wideEntry
	// sorted is set once the entries are in (hash, offset) order; mu
	// sorts them once for the readers that share the table.
	sorted atomic.Bool
	mu     sync.Mutex
}

// spanEntry packs a hash and a span: the offset in the high 40 bits of
// at, the length in the low 24, so comparing at compares offsets.
type spanEntry struct{ h, at uint64 }

type wideEntry struct {
	h  uint64
	sp span
}

const (
	spanLenBits  = 24
	maxPackedLen = 1<<spanLenBits - 1
	maxPackedOff = 1<<(64-spanLenBits) - 1
)

func (e spanEntry) span() span {
	return span{off: int64(e.at >> spanLenBits), n: int64(e.at & maxPackedLen)}
}

// add notes that the resource hashed h lies at sp.
func (t *spanTable) add(h uint64, sp span) {
	t.sorted.Store(false)
	if sp.n > maxPackedLen || sp.off > maxPackedOff || sp.off < 0 || sp.n < 0 {
		t.wide = append(t.wide, wideEntry{h, sp})
		return
	}
	if len(t.entries) == cap(t.entries) { // double: append's gentler growth copies a large table many times
		t.entries = slices.Grow(t.entries, max(len(t.entries), 256))
	}
	t.entries = append(t.entries, spanEntry{h, uint64(sp.off)<<spanLenBits | uint64(sp.n)})
}

// reserve makes room, once, for as many entries as the document has
// licenses (a dump usually includes one owner each) and some to spare
// (policies, products), but no more than bound (what the rest of the
// file could hold): growing by doubling allocates twice the final table.
// freeze gives back what was not used.
func (t *spanTable) reserve(licenses int, bound int64) {
	if cap(t.entries) == 0 {
		want := int64(licenses) + int64(licenses)/32 + 64
		t.entries = make([]spanEntry, 0, min(want, max(bound, 0)))
	}
}

// addAll appends another table's entries (resources later in the file).
func (t *spanTable) addAll(o *spanTable) {
	t.sorted.Store(false)
	t.entries = append(t.entries, o.entries...)
	t.wide = append(t.wide, o.wide...)
}

func (t *spanTable) len() int { return len(t.entries) + len(t.wide) }

// freeze sorts the table, once, for lookups that may run concurrently.
func (t *spanTable) freeze() {
	if t.sorted.Load() {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.sorted.Load() {
		return
	}
	if len(t.entries) < cap(t.entries)/2 { // reserved for more owners than came
		t.entries = slices.Clip(slices.Clone(t.entries))
	}
	slices.SortFunc(t.entries, func(a, b spanEntry) int { return cmp.Or(cmp.Compare(a.h, b.h), cmp.Compare(a.at, b.at)) })
	slices.SortFunc(t.wide, func(a, b wideEntry) int { return cmp.Or(cmp.Compare(a.h, b.h), cmp.Compare(a.sp.off, b.sp.off)) })
	t.sorted.Store(true)
}

// find calls try with each span hashed h, latest in the file first,
// until try accepts one; it reports whether one was accepted.
func (t *spanTable) find(h uint64, try func(span) bool) bool {
	t.freeze()
	lo, _ := slices.BinarySearchFunc(t.entries, h, func(e spanEntry, h uint64) int { return cmp.Compare(e.h, h) })
	hi := lo
	for hi < len(t.entries) && t.entries[hi].h == h {
		hi++
	}
	if len(t.wide) == 0 { // the usual case: walk the run backwards, no copy
		for i := hi - 1; i >= lo; i-- {
			if try(t.entries[i].span()) {
				return true
			}
		}
		return false
	}
	var spans []span
	for _, e := range t.entries[lo:hi] {
		spans = append(spans, e.span())
	}
	for _, w := range t.wide {
		if w.h == h {
			spans = append(spans, w.sp)
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(b.off, a.off) })
	for _, sp := range spans {
		if try(sp) {
			return true
		}
	}
	return false
}

// all returns every span in the table, in file order.
func (t *spanTable) all() []span {
	out := make([]span, 0, t.len())
	for _, e := range t.entries {
		out = append(out, e.span())
	}
	for _, w := range t.wide {
		out = append(out, w.sp)
	}
	slices.SortFunc(out, func(a, b span) int { return cmp.Compare(a.off, b.off) })
	return out
}
