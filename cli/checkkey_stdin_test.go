package cli

import (
	"io"
	"strings"
	"testing"
)

// endless is stdin from /dev/zero, counting what was read of it.
type endless struct{ n int }

func (z *endless) Read(p []byte) (int, error) {
	clear(p)
	z.n += len(p)
	return len(p), nil
}

// TestCheckKeyStdinBounded: check-key < /dev/zero fails after reading a
// key's worth, instead of reading until memory runs out.
func TestCheckKeyStdinBounded(t *testing.T) {
	z := &endless{}
	e := &env{stdin: z, stderr: io.Discard, terminal: func(any) bool { return false }}
	_, err := (&CheckKeyCmd{}).key(e)
	if err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("check-key < /dev/zero: %v, want a line too long", err)
	}
	if z.n > 2*maxKeyLine {
		t.Errorf("read %d bytes of stdin for a %d-byte line limit", z.n, maxKeyLine)
	}
}
