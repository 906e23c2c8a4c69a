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
	if err := trusted(path, st); err != nil {
		return "", err
	}
	dest, err := filepath.EvalSymlinks(path)
	if err != nil {
		to, _ := os.Readlink(path)
		return "", fmt.Errorf("%s is a symbolic link to %s, which does not exist; create that file first, or remove the link to write %s itself: %w", path, to, path, err)
	}
	return dest, nil
}

// maxHops bounds a chain of links (the kernel's is 40).
const maxHops = 40

// trusted refuses a chain of links starting at path (st its Lstat) that
// passes through a link the kernel would not follow for this user
// (fs.protected_symlinks): one in a sticky folder anyone may write (/tmp)
// owned neither by this user nor by the folder's owner. Such a link was
// planted by someone else, and writing through it would replace a file
// of this user's that they chose. Resolving the chain here, rather than
// opening through it, would otherwise bypass that protection.
func trusted(path string, st os.FileInfo) error {
	for hops := 0; st.Mode()&os.ModeSymlink != 0; hops++ {
		if hops == maxHops {
			return fmt.Errorf("%s: more than %d symbolic links in a row; write to the file itself", path, maxHops)
		}
		if linkUID, dirUID, dirMode, ok := owners(path, st); ok && !mayFollow(dirMode, dirUID, linkUID, euid()) {
			return fmt.Errorf("%s is a symbolic link owned by another user (uid %d) in %s, a folder anyone may write to; "+
				"not written through it: write to a path in a folder of your own", path, linkUID, filepath.Dir(path))
		}
		to, err := os.Readlink(path)
		if err != nil {
			return nil // EvalSymlinks says why
		}
		if !filepath.IsAbs(to) {
			to = filepath.Join(filepath.Dir(path), to)
		}
		if st, err = os.Lstat(to); err != nil {
			return nil
		}
		path = to
	}
	return nil
}

// mayFollow is the kernel's rule for following a link: anywhere but in a
// sticky folder anyone may write to, and there only a link owned by the
// user following it or by the folder's owner.
func mayFollow(dirMode os.FileMode, dirUID, linkUID, user uint32) bool {
	shared := dirMode&os.ModeSticky != 0 && dirMode.Perm()&0o002 != 0
	return !shared || linkUID == user || linkUID == dirUID
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
