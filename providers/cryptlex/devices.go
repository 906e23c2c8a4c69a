package cryptlex

import (
	"encoding/json"
	"errors"
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

// decodeActivation reads one item of an /v3/activations list. Cryptlex's
// license and activation lists are both bare arrays of plain objects, so
// an item is told by its members (exact names, as the API writes them):
// one with licenseId or os and no key is an activation; one with a key
// and neither is a license (not an activation); one with a key and
// licenseId or os could be either and is refused rather than guessed.
func decodeActivation(item []byte) (devices.Device, bool, error) {
	var members map[string]json.RawMessage
	if json.Unmarshal(item, &members) != nil {
		return devices.Device{}, false, nil // not an object: not an activation
	}
	_, key := members["key"]
	_, licenseID := members["licenseId"]
	_, os := members["os"]
	switch {
	case key && (licenseID || os):
		return devices.Device{}, true, errors.New("has both a key, as a license has, and licenseId or os, as an activation has, so it cannot be told a license or an activation; export /v3/licenses and /v3/activations as the API answers them, each list in its own files")
	case !licenseID && !os:
		return devices.Device{}, false, nil
	}
	var a struct {
		ID        string `json:"id"`
		LicenseID string `json:"licenseId"`
		Hostname  string `json:"hostname"`
		OS        string `json:"os"`
	}
	if err := json.Unmarshal(item, &a); err != nil {
		return devices.Device{}, true, fmt.Errorf("(activation) does not read as one: %w; export /v3/activations as Cryptlex's API answers it", err)
	}
	if a.LicenseID == "" {
		return devices.Device{}, true, fmt.Errorf("(activation %s) has no licenseId naming its license; export /v3/activations as Cryptlex's API answers it", a.ID)
	}
	return devices.Device{LicenseID: a.LicenseID, ID: a.ID, Hostname: a.Hostname, Platform: a.OS}, true, nil
}
