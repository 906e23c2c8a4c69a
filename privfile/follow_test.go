package privfile

import (
	"os"
	"testing"
)

// TestMayFollow is the kernel's fs.protected_symlinks rule: a link in a
// sticky folder anyone may write to (/tmp) is followed only when the
// user or the folder's owner owns it; elsewhere every link is.
func TestMayFollow(t *testing.T) {
	const tmp = os.ModeDir | os.ModeSticky | 0o777
	for _, c := range []struct {
		name                  string
		dir                   os.FileMode
		dirUID, linkUID, user uint32
		want                  bool
	}{
		{"another user's link in /tmp", tmp, 0, 1001, 1000, false},
		{"root following another user's link in /tmp", tmp, 0, 1001, 0, false},
		{"own link in /tmp", tmp, 0, 1000, 1000, true},
		{"the folder owner's link in /tmp", tmp, 1002, 1002, 1000, true},
		{"another user's link in a sticky folder only its owner writes", os.ModeDir | os.ModeSticky | 0o755, 0, 1001, 1000, true},
		{"another user's link in a folder anyone writes, not sticky", os.ModeDir | 0o777, 0, 1001, 1000, true},
		{"another user's link in a private folder", os.ModeDir | 0o700, 1000, 1001, 1000, true},
	} {
		if got := mayFollow(c.dir, c.dirUID, c.linkUID, c.user); got != c.want {
			t.Errorf("%s: mayFollow %v, want %v", c.name, got, c.want)
		}
	}
}
