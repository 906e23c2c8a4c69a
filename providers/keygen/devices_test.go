package keygen

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/providers/devices"
)

// TestDecodeMachine: a /machines item as MachineSerializer writes it is a
// device of the license its relationship names; another type is not a
// machine; a machine without its license is an error naming it.
func TestDecodeMachine(t *testing.T) {
	for _, tc := range []struct {
		item    string
		want    devices.Device
		ok, err bool
	}{
		{`{"id":"m1","type":"machines","attributes":{"fingerprint":"fp-0001-abcd","name":"Laptop","platform":"macOS","hostname":"ana-mbp","requireHeartbeat":true},
		  "relationships":{"license":{"data":{"type":"licenses","id":"l1"}}}}`,
			devices.Device{LicenseID: "l1", ID: "m1", Fingerprint: "fp-0001-abcd", Name: "Laptop", Platform: "macOS", Hostname: "ana-mbp", RequireHeartbeat: true}, true, false},
		{`{"id":"l1","type":"licenses","attributes":{"key":"K"}}`, devices.Device{}, false, false},
		{`{"id":"m2","type":"machines","attributes":{"fingerprint":"x"},"relationships":{"license":{"data":null}}}`, devices.Device{}, true, true},
	} {
		got, ok, err := Platform.Devices.Decode([]byte(tc.item))
		if ok != tc.ok || (err != nil) != tc.err || cmp.Diff(tc.want, got) != "" {
			t.Errorf("%s: got %+v, %v, %v", tc.item, got, ok, err)
		}
	}
	if Platform.Devices.CarryRefused != "" {
		t.Error("Keygen fingerprints are the app's own: carrying them must be allowed")
	}
}
