package lemonsqueezy

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/licentric/licentric-sync/providers/devices"
)

// instances are LemonSqueezy's devices: the /v1/license-key-instances
// list, each naming its license key by license_key_id. The identifier is
// a UUID LemonSqueezy made at activation, which the app keeps and sends
// (the License API's instance_id); an app that goes on sending it as its
// fingerprint finds its device on Licentric, so carrying can work.
var instances = &devices.Spec{
	Noun:   "instances",
	Path:   "/license-key-instances",
	Decode: decodeInstance,
}

// decodeInstance reads one item of a license-key-instances page.
func decodeInstance(item []byte) (devices.Device, bool, error) {
	var it struct {
		ID         string `json:"id"`
		Type       string `json:"type"`
		Attributes struct {
			LicenseKeyID json.Number `json:"license_key_id"`
			Identifier   string      `json:"identifier"`
			Name         string      `json:"name"`
		} `json:"attributes"`
	}
	if json.Unmarshal(item, &it) != nil || it.Type != "license-key-instances" {
		return devices.Device{}, false, nil
	}
	id := it.Attributes.LicenseKeyID.String()
	if _, err := strconv.ParseUint(id, 10, 64); err != nil {
		return devices.Device{}, true, fmt.Errorf("(instance %s) has no license_key_id naming its license key; export /v1/license-key-instances as LemonSqueezy's API answers it", it.ID)
	}
	return devices.Device{LicenseID: id, ID: it.ID, Fingerprint: it.Attributes.Identifier, Name: it.Attributes.Name}, true, nil
}
