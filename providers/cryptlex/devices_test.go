package cryptlex

import (
	"testing"

	"github.com/licentric/licentric-sync/providers/devices"
)

// TestDecodeActivation: an /v3/activations item is a device with its
// hostname and os but no fingerprint (LexActivator's own is no use after
// switching), and carrying is refused.
func TestDecodeActivation(t *testing.T) {
	got, ok, err := Platform.Devices.Decode([]byte(`{"id":"a1","licenseId":"l1","fingerprint":"lexactivator-hash","hostname":"build-01","os":"windows"}`))
	want := devices.Device{LicenseID: "l1", ID: "a1", Hostname: "build-01", Platform: "windows"}
	if !ok || err != nil || got != want {
		t.Errorf("got %+v, %v, %v; want %+v", got, ok, err, want)
	}
	if _, ok, _ := Platform.Devices.Decode([]byte(`{"id":"l1","key":"K"}`)); ok {
		t.Error("a license item was taken for an activation")
	}
	if _, _, err := Platform.Devices.Decode([]byte(`{"id":"a2","os":"linux"}`)); err == nil {
		t.Error("an activation without licenseId was accepted")
	}
	if Platform.Devices.CarryRefused == "" {
		t.Error("carrying Cryptlex activations must be refused")
	}
}
