package keygen

import (
	"encoding/json"
	"fmt"

	"github.com/licentric/licentric-sync/providers/devices"
)

// machines are Keygen's devices: the /machines list, each machine naming
// its license by id (MachineSerializer in keygen-sh/keygen-api). The
// fingerprint is whatever the app chose to send (up to 4 KB, Machine's
// validation), so an app that goes on sending it after switching finds
// its machine on Licentric: carrying them can work.
var machines = &devices.Spec{
	Noun:           "machines",
	Path:           "/machines",
	Decode:         decodeMachine,
	FingerprintMax: 4096,
}

// machineItem is the part of a machine resource the tool reads.
type machineItem struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	Attributes struct {
		Fingerprint      string `json:"fingerprint"`
		Name             string `json:"name"`
		Platform         string `json:"platform"`
		Hostname         string `json:"hostname"`
		RequireHeartbeat bool   `json:"requireHeartbeat"`
	} `json:"attributes"`
	Relationships struct {
		License struct {
			Data *struct {
				Type string `json:"type"`
				ID   string `json:"id"`
			} `json:"data"`
		} `json:"license"`
	} `json:"relationships"`
}

// decodeMachine reads one item of a /machines page; an item of another
// type is not a machine.
func decodeMachine(item []byte) (devices.Device, bool, error) {
	var m machineItem
	if err := json.Unmarshal(item, &m); err != nil {
		return devices.Device{}, false, nil // not a resource: not a machine page
	}
	if m.Type != "machines" {
		return devices.Device{}, false, nil
	}
	lic := m.Relationships.License.Data
	if lic == nil || lic.ID == "" || lic.Type != "licenses" {
		return devices.Device{}, true, fmt.Errorf("(machine %s) has no relationships.license.data naming its license; export /machines as Keygen's API answers it", m.ID)
	}
	a := m.Attributes
	return devices.Device{LicenseID: lic.ID, ID: m.ID, Fingerprint: a.Fingerprint, Name: a.Name,
		Platform: a.Platform, Hostname: a.Hostname, RequireHeartbeat: a.RequireHeartbeat}, true, nil
}
