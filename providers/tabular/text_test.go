package tabular

import (
	"fmt"
	"strings"
	"testing"
)

// TestTextArenaKeepsStrings holds every string an arena handed out to
// its bytes while the arena fills more blocks and the source buffer is
// overwritten, and text longer than the arena takes stays whole.
func TestTextArenaKeepsStrings(t *testing.T) {
	var a textArena
	src := make([]byte, 0, 64)
	var got, want []string
	for i := 0; i < 3*arenaBlock/10; i++ {
		src = fmt.Appendf(src[:0], "lic-%d", i)
		got = append(got, a.text(src))
		want = append(want, string(src))
		src[0] = 'X' // the reader's buffer is reused: the string must not follow it
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("string %d reads %q, want %q", i, got[i], want[i])
		}
	}
	long := []byte(strings.Repeat("k", arenaMaxText+1))
	if s := a.text(long); s != string(long) {
		t.Errorf("long text changed")
	}
	if s := (*textArena)(nil).text([]byte("x")); s != "x" {
		t.Errorf("nil arena: %q", s)
	}
	if s := a.text(nil); s != "" {
		t.Errorf("empty text: %q", s)
	}
}
