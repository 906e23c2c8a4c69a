//go:build unix

package live_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/licentric/licentric-sync/providers/live"
)

// TestManifestReadLikeAnExport: a snapshot.yaml that is a FIFO (which
// would block) or a link to /dev/zero (which never ends) is refused.
func TestManifestReadLikeAnExport(t *testing.T) {
	fifoDir, zeroDir := t.TempDir(), t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(fifoDir, live.ManifestName), 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(zeroDir, live.ManifestName)); err != nil {
		t.Skip("no /dev/zero link:", err)
	}
	for _, dir := range []string{fifoDir, zeroDir} {
		if _, err := live.ReadManifest(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("ReadManifest(%s): %v, want it refused as not a regular file", dir, err)
		}
	}
}
