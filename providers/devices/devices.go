// Package devices holds what the tool knows of a license's activated
// devices, whatever the source platform: the device itself, the facts a
// platform's descriptor states about its device list (where it is, how
// an item reads, whether its fingerprint survives a switch), and the
// reading of the device pages of a dump. It names no platform: each
// platform package fills a Spec.
package devices

import (
	"context"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/licentric/licentric-sync/license"
)

// Device is one activated device of a source license, as the platform
// keeps it. Fingerprint and Hostname may be personal data: messages show
// them only as a reference (license.Ref).
type Device struct {
	// LicenseID is the id of the license the device's relationship names:
	// the join to the source's licenses (their FID).
	LicenseID string
	// ID is the platform's own id of the device record.
	ID string
	// Fingerprint is what the app sends to name the device; "" when the
	// platform keeps none that another platform could be sent.
	Fingerprint string
	Name        string
	Platform    string
	Hostname    string
	// RequireHeartbeat says the platform's policy wants the device to
	// send heartbeats, or it is deactivated.
	RequireHeartbeat bool
	// Where is the file and line the device was read from.
	Where string
}

// Spec is what a platform's descriptor states about its devices.
type Spec struct {
	// Noun is the platform's word for a device list, for messages
	// ("machines", "activations", "instances").
	Noun string
	// Path is the API path of the device list.
	Path string
	// Decode reads one item of a device list; ok is false when the item
	// is not a device (the file is then not a page of devices). Its
	// error names what is wrong with the item, never a fingerprint.
	Decode func(item []byte) (d Device, ok bool, err error)
	// CarryRefused, when set, says why devices: carry cannot work for
	// the platform (its fingerprint is its own SDK's, which the app stops
	// sending when it switches); config validation shows it.
	CarryRefused string
	// FingerprintMax is the longest fingerprint the platform takes, for
	// the docs' comparison with Licentric's; 0 when it keeps none.
	FingerprintMax int
}

// Licentric's machine fingerprint bounds (POST /machines, see
// docs/licentric-api.md): shorter or longer ones are refused.
const (
	FingerprintMin = 8
	FingerprintMax = 256
)

// CheckFingerprint says why Licentric would refuse a fingerprint, without
// showing it; nil when it takes it.
func CheckFingerprint(fp string) error {
	n := utf8.RuneCountInString(fp)
	switch {
	case fp == "":
		return fmt.Errorf("has no fingerprint; Licentric needs one of %d-%d characters", FingerprintMin, FingerprintMax)
	case n < FingerprintMin || n > FingerprintMax:
		return fmt.Errorf("has a fingerprint of %d characters; Licentric takes %d-%d", n, FingerprintMin, FingerprintMax)
	}
	return nil
}

// ErrMachineLimit is an activation the target refused because the
// license holds as many machines as its limit allows (the app may have
// activated itself since the plan): the carry counts it and goes on.
var ErrMachineLimit = errors.New("the license is at its machine limit")

// Activator is a target that can activate machines on a license with its
// key (Licentric's POST /machines): what apply's devices: carry needs.
type Activator interface {
	// Machines are the fingerprints already active on the license that
	// holds key, so a resumed carry skips them.
	Machines(ctx context.Context, key license.Key) (map[string]bool, error)
	// Activate activates d on that license; false when a machine with its
	// fingerprint was already active there.
	Activate(ctx context.Context, key license.Key, d Device) (bool, error)
}
