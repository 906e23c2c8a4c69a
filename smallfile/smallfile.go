// Package smallfile reads the small files the tool is given beside its
// exports (a config, a snapshot's manifest and pages, a key on stdin)
// as exports are read: only from a regular file (a FIFO would block,
// a device such as /dev/zero never ends) and never past a stated size,
// so a wrong path fails with a message instead of hanging or exhausting
// memory.
package smallfile

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrTooLarge is a file or stream longer than its reader allows.
var ErrTooLarge = errors.New("larger than any such file")

// Read returns the contents of path, at most limit bytes. A path that
// is not a regular file (a FIFO, a device, a socket) is refused before
// it is opened, and checked again once open (it may have been swapped).
func Read(path string, limit int64) ([]byte, error) {
	if err := regular(os.Stat(path)); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := regular(f.Stat()); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	data, err := ReadAll(f, limit)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return data, nil
}

// ReadAll reads r to its end, failing with ErrTooLarge past limit bytes
// (having read limit+1 of them).
func ReadAll(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w (more than %d bytes)", ErrTooLarge, limit)
	}
	return data, nil
}

// regular refuses what os.Stat found when it is not a regular file.
func regular(st os.FileInfo, err error) error {
	if err != nil {
		if pe := (*os.PathError)(nil); errors.As(err, &pe) {
			return pe.Err
		}
		return err
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("not a regular file (%s); name the file itself", st.Mode().Type())
	}
	return nil
}
