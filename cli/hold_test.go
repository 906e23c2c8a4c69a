package cli_test

import (
	"bytes"
	"io"
	"os"
	"sync"
)

// cliStderr is the stderr of the test binary run as the CLI: os.Stderr,
// or with holdEnv set a holdWriter on it.
func cliStderr() io.Writer {
	if os.Getenv(holdEnv) != "1" {
		return os.Stderr
	}
	return &holdWriter{w: os.Stderr, release: os.Stdin}
}

// holdWriter passes writes through, and after the first apply progress
// line blocks the writer (the apply, between two batches, holding the
// store's lock) until release reaches its end: the process tests close
// the CLI's stdin when they have done what they needed the apply
// half-way for. Other writes pass meanwhile.
type holdWriter struct {
	w       io.Writer
	release io.Reader
	once    sync.Once
}

func (h *holdWriter) Write(p []byte) (int, error) {
	n, err := h.w.Write(p)
	if bytes.HasPrefix(p, []byte("apply: ")) {
		h.once.Do(func() { _, _ = io.Copy(io.Discard, h.release) })
	}
	return n, err
}
