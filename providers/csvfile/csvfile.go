// Package csvfile reads a generic export (platform: csv): a CSV or JSON
// file from any system, mapped by the config's columns: and by headers
// that already carry canonical names (key, email, expires_at, …).
package csvfile

import (
	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/tabular"
)

// Aliases are the canonical names and a few common spellings; anything
// else needs columns: in the config.
var Aliases = map[providers.Field][]string{
	providers.FKey:         {"key", "licensekey"},
	providers.FID:          {"id"},
	providers.FName:        {"name"},
	providers.FEmail:       {"email", "useremail", "customeremail"},
	providers.FUserName:    {"username", "customername", "fullname"},
	providers.FFirstName:   {"firstname"},
	providers.FLastName:    {"lastname"},
	providers.FStatus:      {"status"},
	providers.FSuspended:   {"suspended"},
	providers.FRevoked:     {"revoked"},
	providers.FDisabled:    {"disabled"},
	providers.FBanned:      {"banned"},
	providers.FExpiresAt:   {"expiresat", "expiry", "expires"},
	providers.FCreatedAt:   {"createdat", "created"},
	providers.FProduct:     {"product", "productname"},
	providers.FProductID:   {"productid"},
	providers.FPolicy:      {"policy", "policyname"},
	providers.FPolicyID:    {"policyid"},
	providers.FVariant:     {"variant", "variantname"},
	providers.FVariantID:   {"variantid"},
	providers.FMaxMachines: {"maxmachines"},
	providers.FActivations: {"activations"},
	providers.FMetadata:    {"metadata"},
	providers.FTestMode:    {"testmode"},
}

// Platform is the generic reader as a platform: Licentric's own status
// names plus disabled, and no API (it reads files only).
var Platform = platform.Platform{
	Name:     "csv",
	Title:    "CSV",
	Export:   tabular.Spec{Aliases: Aliases},
	Statuses: map[string]license.Status{"disabled": license.Suspended},
	// No signature of its own; init's messages call it by its config name.
	Init: platform.Init{Name: "csv"},
	Docs: platform.Docs{Note: "generic", StatusTail: "otherwise Licentric's own names"},
}

// New returns the generic source.
func New(src config.Source, dir string) providers.Source { return Platform.New(src, dir) }
