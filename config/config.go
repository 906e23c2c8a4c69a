// Package config loads licentric.yaml: YAML, checked against the embedded
// JSON Schema with every problem located at file:line:col, then checked
// for cross-references (a rule naming an unknown policy, duplicate ids),
// then turned into typed values. Paths inside it are made relative to the
// config file's directory.
package config

import (
	"path/filepath"
	"time"

	"github.com/licentric/licentric-sync/license"
)

// CanonicalFields are the record fields a source's columns can map to and
// a rule's match can test. Readers deliver records in these terms.
var CanonicalFields = []string{
	"key", "id", "name", "email", "user_name", "first_name", "last_name", "status", "suspended", "revoked",
	"disabled", "banned", "expires_at", "created_at", "product", "product_id", "policy", "policy_id",
	"variant", "variant_id", "max_machines", "activations", "metadata", "test_mode", "scheme",
	"entitlements", "updated_at",
}

// Config is a loaded, valid licentric.yaml.
type Config struct {
	// File is the config path as the user gave it (used in messages);
	// Dir is the directory that relative paths inside it start from.
	File     string
	Dir      string
	Target   Target
	Products []license.Product
	Policies []license.Policy
	Sources  []Source
	Options  Options
	// RequiredVersion is required_version: the tool versions that may
	// read this config (engine.Load refuses others).
	RequiredVersion RequiredVersion
}

// Target says where licenses go. Exactly one of Local and Licentric is set
// after loading; the default is the local store.
type Target struct {
	Local     *LocalTarget
	Licentric *LicentricTarget
	// Limits are the account's caps (tier: or limits:); zero: none known.
	Limits Limits
}

// Limits are an account's caps: active licenses (neither deleted nor
// expired; suspended ones count) and API requests a month. 0 is no cap.
type Limits struct {
	Tier            string
	ActiveLicenses  int
	MonthlyRequests int
}

// Tiers are Licentric's documented plans (docs/licentric-api.md).
var Tiers = map[string]Limits{
	"free":       {ActiveLicenses: 100, MonthlyRequests: 10_000},
	"starter":    {ActiveLicenses: 1_000, MonthlyRequests: 500_000},
	"growth":     {ActiveLicenses: 10_000},
	"enterprise": {},
}

// LocalTarget is the embedded SQLite store.
type LocalTarget struct {
	Path string // absolute
}

// LicentricTarget is a Licentric account reached over its HTTP API.
type LicentricTarget struct {
	URL       string
	APIKeyEnv string
	// Refresh is how old the kept view of the account may be before a
	// plan reads the whole account again (refresh:, DefaultRefresh); 0
	// reads it whole every run.
	Refresh time.Duration
	// Recheck reads each license an update, status change or delete
	// touches before writing it and stops when it moved since the view
	// (recheck:, default true). false saves that request per license at
	// the risk of overwriting a dashboard edit made since the last refresh
	// (docs/config.md).
	Recheck bool
	// ViewPath is where the view is kept (DefaultViewPath beside the config).
	ViewPath string
}

// DefaultRefresh is a day and an hour: the drift workflow refreshes
// daily, and the hour's slack lets the daily run's own plan (made just
// before its refresh, a day after the last) still use the view, so no
// plan between two refreshes reads the whole account; a dashboard edit is
// seen within a day.
const DefaultRefresh = 25 * time.Hour

// DefaultViewPath is the view of a Licentric account, beside the local
// store's default place.
const DefaultViewPath = ".licentric/view.db"

// Source is one export to read, with how its records map to licenses.
// Exactly one of Path (files) and API (a live account) is set.
type Source struct {
	Name       string
	Platform   string
	Path       string // as written, for messages
	Glob       string // absolute pattern
	API        *API
	Columns    map[string]string
	Rules      []Rule
	Statuses   map[string]license.Status
	Metadata   map[string]any
	DateFormat string
	// IncludeTestMode keeps LemonSqueezy test-mode rows, left out by default
	// so test keys never reach production.
	IncludeTestMode bool
	// OwnersOptional makes a license whose owner relation names a user
	// that was not read a warning instead of a row error, for accounts
	// that really hold licenses whose owner was deleted.
	OwnersOptional bool
	// BigNumbers says what becomes of a metadata number that JavaScript
	// (Licentric's API) cannot hold exactly: BigNumbersError (the default,
	// "" too), BigNumbersString or BigNumbersRound.
	BigNumbers string
	// CarryDevices is devices: carry: apply activates each license's
	// devices on Licentric; otherwise (devices: report, the default) the
	// plan only reports them.
	CarryDevices bool
	// SignedKeys are the account's public keys that check its signed
	// license keys offline, by algorithm ("ed25519", "rsa", "ecdsa"), as
	// written (hex, PEM or base64: the platform's check reads them).
	// Public keys are not secrets. Only platforms whose descriptor says
	// SignedKeys take them.
	SignedKeys map[string]string
	// LicenseFiles is an absolute glob of the account's license files
	// (Keygen names each <license id>.lic), checked with SignedKeys; ""
	// for none.
	LicenseFiles string
	// Entitlements renames the source's entitlement codes into
	// Licentric's (a code that is already valid needs no entry).
	Entitlements map[string]string
	// Events is an absolute glob of saved webhook events applied on top
	// of what the source reads (its files, its API or its pull snapshot),
	// the newest state of each license winning; "" for none. Only
	// platforms whose descriptor reads events take it.
	Events string
	// Compare, on a source read from files, is the old platform's API
	// that compare asks about its licenses (an api: source is asked
	// through API); nil when the config gives none.
	Compare *API
	Line    int
}

// The devices: choices.
const (
	DevicesReport = "report"
	DevicesCarry  = "carry"
)

// The big_numbers: choices. A silent change of a customer's number is the
// bug this guards against, so the default refuses the row and names the
// two ways on; both are reported in the plan's warnings.
const (
	BigNumbersError   = "error"  // refuse the row
	BigNumbersString  = "string" // keep the digits, as a JSON string
	BigNumbersRound   = "round"  // the nearest number JavaScript holds
	BigNumbersDefault = BigNumbersError
)

// API is a live source: the platform's list API read page by page, so
// the side-by-side period needs no export by hand and no keys in Git.
type API struct {
	// URL is the API base the resource paths are appended to.
	URL string
	// TokenEnv names the environment variable holding the token; the
	// token itself never lives in the config.
	TokenEnv string
	// StoreID narrows a LemonSqueezy account to one store.
	StoreID string
}

// Live reports whether the source reads an API rather than files.
func (s Source) Live() bool { return s.API != nil }

// CompareAPI is the API compare asks about the source's licenses: its
// api:, or the compare: of a source read from files; nil when neither.
func (s Source) CompareAPI() *API {
	if s.API != nil {
		return s.API
	}
	return s.Compare
}

// Rule assigns a policy to the records it matches; first match wins.
type Rule struct {
	Match  map[string]string
	Policy string
	Line   int
}

// Options are the plan's behaviour switches.
type Options struct {
	Prune      bool
	OnConflict string // fail | skip | adopt
	Safety     map[string]map[string]Threshold
	// AdoptKeysFile (adopt_keys_file, made absolute) lists, one per line,
	// the keys to adopt whatever on_conflict says: taking over a few named
	// licenses without adopting every conflict. The keys are secrets: the
	// file is read, never printed.
	AdoptKeysFile string
}

// Threshold bounds how many changes of one kind and action a plan may make
// before it is blocked (exit 3) unless acknowledged.
type Threshold struct {
	MaxPercent *float64
	MaxCount   *int
}

// Policy looks a policy up by its config id.
func (c *Config) Policy(id string) (license.Policy, bool) {
	for _, p := range c.Policies {
		if p.ID == id {
			return p, true
		}
	}
	return license.Policy{}, false
}

// Source looks a source up by name.
func (c *Config) Source(name string) (Source, bool) {
	for _, s := range c.Sources {
		if s.Name == name {
			return s, true
		}
	}
	return Source{}, false
}

func (c *Config) abs(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.Dir, p)
}
