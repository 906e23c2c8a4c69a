// Package keygen reads Keygen exports. Keygen has no CSV export of its own,
// so a CSV is whatever a user made: the dashboard table's labels (ID, Name,
// Key, Status, Policy, Product, Owner, Expiry, Created, with "Never"), API
// attribute names, or the dotted names of Licentric's migration guide
// (license.key, license.user.email, …). JSON is the API's JSON:API list
// pages with included users, policies and products.
package keygen

import (
	"context"
	"regexp"
	"strings"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/keygen/keygenfake"
	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/tabular"
)

// Aliases are Keygen's column spellings, normalized, best first.
var Aliases = map[providers.Field][]string{
	providers.FKey:          {"key"},
	providers.FID:           {"id"},
	providers.FName:         {"name"},
	providers.FEmail:        {"useremail", "owneremail", "email", "customeremail", "owner", "user"},
	providers.FUserName:     {"userfullname", "username", "ownerfullname", "ownername", "fullname"},
	providers.FFirstName:    {"userfirstname", "firstname"},
	providers.FLastName:     {"userlastname", "lastname"},
	providers.FStatus:       {"status"},
	providers.FSuspended:    {"suspended"},
	providers.FBanned:       {"banned", "userbanned"},
	providers.FExpiresAt:    {"expiry", "expiresat", "expires"},
	providers.FCreatedAt:    {"created", "createdat"},
	providers.FProduct:      {"productname", "product"},
	providers.FProductID:    {"productid"},
	providers.FPolicy:       {"policyname", "policy"},
	providers.FPolicyID:     {"policyid"},
	providers.FMaxMachines:  {"maxmachines"},
	providers.FActivations:  {"machinescount", "activations"},
	providers.FMetadata:     {"metadata"},
	providers.FScheme:       {"scheme"},
	providers.FEntitlements: {"entitlements", "entitlementcodes"},
}

// Platform is Keygen as the tool knows it: registered once in
// providers/registry, read by everything that needs a platform's facts.
var Platform = platform.Platform{
	Name:  "keygen",
	Title: "Keygen",
	Export: tabular.Spec{Aliases: Aliases, Fix: fix, JSON: readJSONAPI, MissingHint: missingHint,
		Related: []string{"users", "policies", "products", "entitlements", "machines"},
		Lists:   []string{"policies/entitlements", "licenses/entitlements"}},
	// INACTIVE (unused for 90 days) and EXPIRING are computed for valid
	// licenses, so they mean active despite their names.
	Statuses: map[string]license.Status{
		"active": license.Active, "inactive": license.Active, "expiring": license.Active,
		"expired": license.Expired, "suspended": license.Suspended, "banned": license.Banned,
	},
	Checks: platform.Checks{Keyless: "Keygen legacy-encrypted licenses have none",
		SignedKeys: true, Records: startSignedCheck},
	Devices: machines,
	API: &platform.API{
		// No default URL: the account is part of the path.
		APIRules: config.APIRules{URLHint: "https://api.keygen.sh/v1/accounts/<account> (the account is part of the path)"},
		TokenEnv: "KEYGEN_TOKEN",
		Live: platform.Live{Accept: "application/vnd.api+json", Host: "keygen.sh",
			RateNote: "Keygen states its rate limit in response headers, which the read follows", Pages: keygenPages, Fake: keygenfake.API,
			Devices: func(ctx context.Context, l platform.Lister, deliver func([]byte) error) error {
				return keygenList(ctx, l, machines.Path, deliver)
			}},
		Validate: validator,
	},
	// The dashboard's table labels (Owner, Policy, Expiry), the API's
	// attribute names (maxMachines, machinesCount) and the dotted names of
	// Licentric's migration guide (license.user.email).
	Init: platform.Init{
		LimitWhere: "Keygen's dashboard: Policies > %s > Max machines (the API's policy attribute maxMachines)",
		Headers: map[string]int{
			"owner": 2, "ownerid": 2, "owneremail": 2, "maxmachines": 2, "machinescount": 2,
			"expiry": 1, "policy": 1, "policyname": 1, "policyid": 1,
			"licenseuseremail": 3, "licenseexpiry": 3, "licensemaxmachines": 3, "licenseproductname": 3,
		},
		JSONTypes: []string{"licenses"},
	},
	Docs: platform.Docs{
		StatusNotes: map[string]string{"inactive": "unused for 90 days", "expiring": "valid, expiring soon"},
		StatusTail:  "Keygen writes them in capitals (`ACTIVE`); case does not matter",
	},
}

// New returns a Keygen source.
func New(src config.Source, dir string) providers.Source { return Platform.New(src, dir) }

var uuidLike = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// fix handles the dashboard's Owner column, which shows an email, a name
// or a user id depending on what the owner has. Only that ambiguous
// column (Owner, User) may hold a name: a value in an explicit email
// column (license.user.email, User Email) that is not an email stays
// there, and the mapping reports it.
func fix(r *providers.Record) error {
	owner, ok := r.Get(providers.FEmail)
	if !ok || owner == "" || strings.Contains(owner, "@") {
		return nil
	}
	if col := tabular.Normalize(r.Column(providers.FEmail)); col != "owner" && col != "user" {
		return nil
	}
	r.Put(providers.FEmail, "")
	if !uuidLike.MatchString(owner) && !r.Has(providers.FUserName) {
		r.Put(providers.FUserName, owner)
	}
	return nil
}
