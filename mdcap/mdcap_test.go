package mdcap

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBuilder(t *testing.T) {
	dest := Dest{Name: "a test box", Limit: reserve + 100}
	for _, tc := range []struct {
		name  string
		lines []string
		hold  int
		want  string
	}{
		{"all fit", []string{"a\n", "b\n"}, 0, "a\nb\n"},
		{"cut after what fits, counted, cap named", []string{strings.Repeat("x", 60) + "\n", strings.Repeat("y", 60) + "\n", "z\n"}, 0,
			strings.Repeat("x", 60) + "\n**2 more lines not shown**: a test box takes at most 4196 characters; see the file.\n\n"},
		{"held room is kept", []string{strings.Repeat("x", 60) + "\n"}, 50,
			"**1 more lines not shown**: a test box takes at most 4196 characters; see the file.\n\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := New(dest)
			b.Hold(tc.hold)
			for _, l := range tc.lines {
				b.Add(l)
			}
			b.Cut("lines", "see the file")
			if diff := cmp.Diff(tc.want, b.String()); diff != "" {
				t.Fatalf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestStringNeverOverLimit: closing lines that overrun the reserve are
// cut at a line break, and the cut is said.
func TestStringNeverOverLimit(t *testing.T) {
	b := New(Dest{Name: "a test box", Limit: 5000})
	for i := 0; i < 100; i++ {
		b.WriteString(strings.Repeat("v", 99) + "\n")
	}
	out := b.String()
	if len(out) > 5000 || !strings.HasSuffix(out, "**Cut at 5000 characters for a test box.**\n") {
		t.Fatalf("%d bytes, ends %q", len(out), out[len(out)-60:])
	}
}
