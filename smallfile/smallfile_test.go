//go:build unix

package smallfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadRefusesWhatIsNotAFile: a FIFO (which would block), a device
// that never ends, and a file past the limit are refused; a file within
// it is read whole.
func TestReadRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	small := filepath.Join(dir, "small")
	if err := os.WriteFile(small, []byte("12345"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path  string
		limit int64
		want  string
	}{
		{fifo, 10, "not a regular file"},
		{"/dev/zero", 10, "not a regular file"},
		{small, 4, "larger than any such file"},
		{filepath.Join(dir, "absent"), 10, "no such file"},
	} {
		if _, err := Read(tc.path, tc.limit); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Read(%s, %d): %v, want %q", tc.path, tc.limit, err, tc.want)
		}
	}
	if got, err := Read(small, 5); err != nil || string(got) != "12345" {
		t.Errorf("Read(small, 5) = %q, %v", got, err)
	}
}

// zeros never ends, counting what was read from it.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.n += int64(len(p))
	return len(p), nil
}

// TestReadAllStopsAtTheLimit: a stream that never ends is read no
// further than the limit.
func TestReadAllStopsAtTheLimit(t *testing.T) {
	z := &zeros{}
	if _, err := ReadAll(z, 1<<20); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadAll(/dev/zero) = %v, want ErrTooLarge", err)
	}
	if z.n > 2<<20 {
		t.Errorf("read %d bytes for a 1 MiB limit", z.n)
	}
	var _ io.Reader = z
}
