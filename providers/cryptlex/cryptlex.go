// Package cryptlex reads Cryptlex exports: the v3 API's bare JSON array of
// license objects (embedded user, metadata as a key/value list), CSV with
// the same names in camelCase or Title Case, and the legacy v2 dashboard
// export, whose "Total Activations" is the limit, not the count.
package cryptlex

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/cryptlex/cryptlexfake"
	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/tabular"
)

// Aliases are the v3 spellings, normalized.
var Aliases = map[providers.Field][]string{
	providers.FKey:         {"key", "productkey"},
	providers.FID:          {"id", "keyid"},
	providers.FEmail:       {"useremail", "email", "customeremail"},
	providers.FUserName:    {"username", "userfullname", "customername", "fullname"},
	providers.FFirstName:   {"userfirstname", "firstname"},
	providers.FLastName:    {"userlastname", "lastname"},
	providers.FStatus:      {"status"},
	providers.FSuspended:   {"suspended"},
	providers.FRevoked:     {"revoked"},
	providers.FExpiresAt:   {"expiresat", "expireson", "expiry"},
	providers.FCreatedAt:   {"createdat", "creationdate", "created"},
	providers.FProduct:     {"productname", "product"},
	providers.FProductID:   {"productid"},
	providers.FPolicy:      {"licensetemplatename", "licensepolicyname"},
	providers.FPolicyID:    {"licensetemplateid", "licensepolicyid"},
	providers.FMaxMachines: {"allowedactivations"},
	providers.FActivations: {"totalactivations"},
	providers.FMetadata:    {"metadata"},
}

// v2Aliases override the activation columns for the legacy dashboard
// export, where the words mean the opposite of v3.
var v2Aliases = map[providers.Field][]string{
	providers.FMaxMachines: {"totalactivations"},
	providers.FActivations: {"usedactivations"},
}

// Platform is Cryptlex as the tool knows it: registered once in
// providers/registry, read by everything that needs a platform's facts.
var Platform = platform.Platform{
	Name:    "cryptlex",
	Title:   "Cryptlex",
	Export:  tabular.Spec{Aliases: Aliases, AliasesFor: aliasesFor, Fix: fix},
	Devices: activations,
	Statuses: map[string]license.Status{
		"active": license.Active, "valid": license.Active, "inactive": license.Active,
		"expired": license.Expired, "suspended": license.Suspended, "revoked": license.Revoked,
	},
	// Cryptlex can un-revoke a license; Licentric's revoke is final.
	Checks: platform.Checks{RevokeReversible: true},
	API: &platform.API{
		APIRules: config.APIRules{DefaultURL: "https://api.cryptlex.com/v3"},
		TokenEnv: "CRYPTLEX_TOKEN",
		// 50 requests per 5 s per IP; the reader stays just under it.
		Live: platform.Live{Accept: "application/json", Host: "cryptlex.com",
			Rate:  platform.Rate{Requests: 50, Per: 5 * time.Second, Pace: 110 * time.Millisecond, Burst: 10},
			Pages: livePages, Cost: liveCost, Fake: cryptlexfake.API, Devices: liveActivations},

		Validate: validator,
	},
	// The v3 API's license object (allowedActivations,
	// licenseTemplate…) and the legacy v2 dashboard export (Key ID,
	// Product Key).
	Init: platform.Init{
		LimitWhere: "Cryptlex's dashboard: License Templates > %s > Allowed Activations (the API's allowedActivations)",
		Headers: map[string]int{
			"allowedactivations": 3, "alloweddeactivations": 3, "licensetemplatename": 3, "licensetemplateid": 3,
			"totalactivations": 2, "productkey": 2, "subscriptioninterval": 2, "leaseduration": 2, "keyid": 1,
		},
	},
	Docs: platform.Docs{
		StatusTail: "the plan warns of revoked licenses: Licentric's revoke is final; `statuses: { revoked: suspended }` keeps them reversible",
	},
}

// New returns a Cryptlex source.
func New(src config.Source, dir string) providers.Source { return Platform.New(src, dir) }

// IsV2 recognises the legacy export by its first two headers.
func IsV2(header []string) bool {
	return len(header) >= 2 && tabular.Normalize(header[0]) == "keyid" && tabular.Normalize(header[1]) == "productkey"
}

func aliasesFor(header []string) map[providers.Field][]string {
	if !IsV2(header) {
		return Aliases
	}
	out := make(map[providers.Field][]string, len(Aliases))
	for f, a := range Aliases {
		out[f] = a
	}
	for f, a := range v2Aliases {
		out[f] = a
	}
	return out
}

// fix applies Cryptlex's conventions: 0 and -1 activations mean
// unlimited; metadata is a list of {key, value} entries.
func fix(r *providers.Record) error {
	if v := strings.TrimSpace(r.Value(providers.FMaxMachines)); v == "0" || v == "-1" {
		r.Put(providers.FMaxMachines, "unlimited")
	}
	md := strings.TrimSpace(r.Value(providers.FMetadata))
	if strings.HasPrefix(md, "[") {
		obj, err := metadataList(md)
		if err != nil {
			return fmt.Errorf("%s: %w", r.Column(providers.FMetadata), err)
		}
		r.Put(providers.FMetadata, obj)
	}
	return nil
}

func metadataList(s string) (string, error) {
	var entries []struct {
		Key   string `json:"key"`
		Value any    `json:"value"`
	}
	if err := json.Unmarshal([]byte(s), &entries); err != nil {
		return "", fmt.Errorf("not a list of {key, value} entries: %v", err)
	}
	obj := make(map[string]any, len(entries))
	for _, e := range entries {
		if e.Key != "" {
			obj[e.Key] = e.Value
		}
	}
	out, err := license.CanonicalJSON(obj)
	if out == "" {
		out = "{}"
	}
	return out, err
}
