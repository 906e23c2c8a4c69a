package keygen_test

import (
	"testing"

	"github.com/licentric/licentric-sync/providers/devices/devicetest"
	"github.com/licentric/licentric-sync/providers/keygen"
)

// TestDumpGolden: a /machines page is read as devices, not licenses, and
// its list is proven whole as license pages are: a page whose links.next
// names a page the glob does not hold is refused.
func TestDumpGolden(t *testing.T) {
	devicetest.DumpGolden(t, keygen.New, "keygen", *keygen.Platform.Devices, "dump-machines-missing")
}
