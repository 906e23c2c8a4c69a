package cryptlex

import (
	"encoding/json"
	"fmt"

	"github.com/licentric/licentric-sync/providers/devices"
)

// activations are Cryptlex's devices: the /v3/activations list, plain
// JSON objects naming their license by licenseId. Their fingerprint is
// LexActivator's own hash of the machine, which an app switched to
// Licentric no longer computes, so the tool keeps none: the plan
// reports activations by hostname and os, and devices: carry is refused.
var activations = &devices.Spec{
	Noun:         "activations",
	Path:         "/activations",
	Decode:       decodeActivation,
	CarryRefused: "an activation's fingerprint is LexActivator's own, which the app stops sending once it validates against Licentric, so carried activations would never match",
}

// decodeActivation reads one item of an /v3/activations list: an object
// with a licenseId and an os is an activation.
func decodeActivation(item []byte) (devices.Device, bool, error) {
	var a struct {
		ID        string  `json:"id"`
		LicenseID *string `json:"licenseId"`
		Hostname  string  `json:"hostname"`
		OS        *string `json:"os"`
	}
	if json.Unmarshal(item, &a) != nil || a.OS == nil {
		return devices.Device{}, false, nil
	}
	if a.LicenseID == nil || *a.LicenseID == "" {
		return devices.Device{}, true, fmt.Errorf("(activation %s) has no licenseId naming its license; export /v3/activations as Cryptlex's API answers it", a.ID)
	}
	return devices.Device{LicenseID: *a.LicenseID, ID: a.ID, Hostname: a.Hostname, Platform: *a.OS}, true, nil
}
