package lemonsqueezy

import (
	"testing"

	"github.com/licentric/licentric-sync/providers/devices"
)

// TestDecodeInstance: a license-key-instances item is a device of the
// license key its license_key_id names, its identifier the fingerprint.
func TestDecodeInstance(t *testing.T) {
	got, ok, err := Platform.Devices.Decode([]byte(`{"type":"license-key-instances","id":"7","attributes":{"license_key_id":42,"identifier":"f90ec370-fd83-46a5-8bbd-44a241e78665","name":"Test"}}`))
	want := devices.Device{LicenseID: "42", ID: "7", Fingerprint: "f90ec370-fd83-46a5-8bbd-44a241e78665", Name: "Test"}
	if !ok || err != nil || got != want {
		t.Errorf("got %+v, %v, %v; want %+v", got, ok, err, want)
	}
	if _, _, err := Platform.Devices.Decode([]byte(`{"type":"license-key-instances","id":"8","attributes":{"identifier":"x"}}`)); err == nil {
		t.Error("an instance without license_key_id was accepted")
	}
}
