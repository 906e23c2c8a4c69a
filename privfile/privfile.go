// Package privfile writes files that hold license keys or emails (plan
// files, wizard CSVs): mode 0600 whatever was there before, and never a
// partial file. A file is written to a temporary file beside its
// destination (0600 from the start, so no one can open it meanwhile) and
// renamed over it only once complete; a failed write (a full disk)
// removes the temporary file and leaves any old file as it was.
package privfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Mode is the mode of every file written here.
const Mode = 0o600

// Write creates or replaces path with what fill writes.
func Write(path string, fill func(w io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(Mode); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := fill(tmp); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// Restrict sets mode 0600 on each of paths that exists, for files
// written by others (SQLite's database, -wal and -shm files) that may
// have been created with a wider mode before.
func Restrict(paths ...string) error {
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			continue
		}
		if st.Mode().Perm() != Mode {
			if err := os.Chmod(p, Mode); err != nil {
				return fmt.Errorf("%s is mode %#o and holds keys and emails; make it 0600: %w", p, st.Mode().Perm(), err)
			}
		}
	}
	return nil
}
