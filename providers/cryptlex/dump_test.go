package cryptlex_test

import (
	"testing"

	"github.com/licentric/licentric-sync/providers/cryptlex"
	"github.com/licentric/licentric-sync/providers/devices/devicetest"
)

// TestDumpGolden: an /v3/activations list (a bare array, as the API
// answers it) beside the license list is told from it by its members
// and read as devices, never as licenses; an item that has both a key
// and licenseId is refused, located, by both readers rather than
// guessed.
func TestDumpGolden(t *testing.T) {
	for _, dir := range []string{"dump-activations", "dump-ambiguous"} {
		t.Run(dir, func(t *testing.T) {
			devicetest.DumpGolden(t, cryptlex.New, "cryptlex", *cryptlex.Platform.Devices, dir)
		})
	}
}
