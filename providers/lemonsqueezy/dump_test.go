package lemonsqueezy_test

import (
	"testing"

	"github.com/licentric/licentric-sync/providers/devices/devicetest"
	"github.com/licentric/licentric-sync/providers/lemonsqueezy"
)

// TestDumpGolden: license-key-instances pages in a dump's glob beside
// the license-keys pages are read as devices, never as licenses, their
// pages proven whole as license pages are (page 2 of 2 missing is
// refused); a page of another resource type is the license reader's
// located error, and so is an instance among a license-keys page's keys
// (the whole file is refused, never read without it).
func TestDumpGolden(t *testing.T) {
	for _, dir := range []string{"dump-instances", "dump-instances-missing", "dump-other-type", "dump-mixed-instances"} {
		t.Run(dir, func(t *testing.T) {
			devicetest.DumpGolden(t, lemonsqueezy.New, "lemonsqueezy", *lemonsqueezy.Platform.Devices, dir)
		})
	}
}
