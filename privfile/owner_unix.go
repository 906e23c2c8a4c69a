//go:build unix

package privfile

import (
	"os"
	"path/filepath"
	"syscall"
)

// owners are the uids of a link and of the folder holding it, with that
// folder's mode, for mayFollow; ok is false where they cannot be told.
func owners(link string, st os.FileInfo) (linkUID, dirUID uint32, dirMode os.FileMode, ok bool) {
	ls, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, 0, false
	}
	dst, err := os.Stat(filepath.Dir(link))
	if err != nil {
		return 0, 0, 0, false
	}
	ds, ok := dst.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, 0, false
	}
	return ls.Uid, ds.Uid, dst.Mode(), true
}

// euid is the user this process writes as.
func euid() uint32 { return uint32(os.Geteuid()) }
