// Package privfile writes files that hold license keys or emails (plan
// files, wizard CSVs): mode 0600 whatever was there before, and never a
// partial file. A file is written to a temporary file beside its
// destination (0600 from the start, so no one can open it meanwhile) and
// renamed over it only once complete; a failed write (a full disk)
// removes the temporary file and leaves any old file as it was.
//
// Every file a command writes at a path the user names (plan -o,
// wizard-csv -o, the config init writes) goes through here, so they
// treat a symbolic link alike: the write goes through it to the file it
// names, which is replaced whole; the link stays a link. A link that
// names nothing is refused rather than guessed at.
package privfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Mode is the mode of every file written here.
const Mode = 0o600

// Write creates or replaces path with what fill writes, mode 0600.
func Write(path string, fill func(w io.Writer) error) error {
	return WriteMode(path, Mode, fill)
}

// WriteMode is Write for a file that holds no keys or emails and is
// meant to be shared (the config init writes, 0644): whole or not at
// all, through a symbolic link, with the given mode.
func WriteMode(path string, mode os.FileMode, fill func(w io.Writer) error) (err error) {
	dest, err := Target(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".tmp-*")
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(mode); err != nil {
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
	if err := os.Rename(tmp.Name(), dest); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// Target is the file a write to path replaces: path itself, or when
// path is a symbolic link the file it names (through every link), so
// a user who keeps the plan or the config elsewhere and links to it
// keeps the link and gets the file updated, as an editor would. A link
// to nothing is refused: writing would create a file wherever it points.
func Target(path string) (string, error) {
	st, err := os.Lstat(path)
	if err != nil || st.Mode()&os.ModeSymlink == 0 {
		return path, nil
	}
	dest, err := filepath.EvalSymlinks(path)
	if err != nil {
		to, _ := os.Readlink(path)
		return "", fmt.Errorf("%s is a symbolic link to %s, which does not exist; create that file first, or remove the link to write %s itself: %w", path, to, path, err)
	}
	return dest, nil
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
