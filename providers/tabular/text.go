package tabular

import (
	"sync"
	"unsafe"
)

// A JSON:API reader makes a dozen short strings per license (id, key,
// dates, related ids and names, email); allocated one by one, each is
// rounded up to a size class and costs an allocation, where a CSV row's
// cells share one string. textArena carves them out of shared blocks
// instead, as the CSV reader does per row: a block stays alive while any
// string in it does (a license keeps its key, so the row's other cells
// stay too, as in CSV).
//
// A block is only ever appended to: bytes handed out as a string are
// never written again, so the strings are as immutable as any other.

// textArena hands out strings carved from shared blocks. It is used by
// one goroutine at a time (see arenas).
type textArena struct{ block []byte }

const (
	arenaBlock   = 8 << 10
	arenaMaxText = 256 // longer text gets an allocation of its own
)

// arenas lends textArenas to the readers of chunks and pages: an arena
// goes on filling its block across chunks instead of each chunk starting
// (and mostly wasting) a block of its own.
var arenas = sync.Pool{New: func() any { return new(textArena) }}

// text is string(b). A nil arena allocates it as string(b) does.
func (a *textArena) text(b []byte) string {
	if a == nil || len(b) == 0 || len(b) > arenaMaxText {
		return string(b)
	}
	if cap(a.block)-len(a.block) < len(b) {
		a.block = make([]byte, 0, arenaBlock)
	}
	n := len(a.block)
	a.block = append(a.block, b...) // within capacity: the block never moves
	return unsafe.String(&a.block[n], len(b))
}
