package config

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers/httpx"
)

type rawConfig struct {
	Version         int    `yaml:"version"`
	RequiredVersion string `yaml:"required_version"`
	Target          struct {
		Local *struct {
			Path   string    `yaml:"path"`
			Tier   string    `yaml:"tier"`
			Limits rawLimits `yaml:"limits"`
		} `yaml:"local"`
		Licentric *struct {
			URL       string    `yaml:"url"`
			APIKeyEnv string    `yaml:"api_key_env"`
			Refresh   string    `yaml:"refresh"`
			Recheck   *bool     `yaml:"recheck"`
			Tier      string    `yaml:"tier"`
			Limits    rawLimits `yaml:"limits"`
		} `yaml:"licentric"`
	} `yaml:"target"`
	Policies []map[string]yaml.Node `yaml:"policies"`
	Sources  []rawSource            `yaml:"sources"`
	Options  struct {
		Prune      bool                               `yaml:"prune"`
		OnConflict string                             `yaml:"on_conflict"`
		AdoptKeys  string                             `yaml:"adopt_keys_file"`
		Safety     map[string]map[string]rawThreshold `yaml:"safety"`
	} `yaml:"options"`
	RawProducts []struct {
		Code      string `yaml:"code"`
		Name      string `yaml:"name"`
		KeyPrefix string `yaml:"key_prefix"`
	} `yaml:"products"`
}

type rawThreshold struct {
	MaxPercent *float64 `yaml:"max_percent"`
	MaxCount   *int     `yaml:"max_count"`
}

type rawSource struct {
	Name            string            `yaml:"name"`
	Platform        string            `yaml:"platform"`
	Path            string            `yaml:"path"`
	API             *rawAPI           `yaml:"api"`
	Columns         map[string]string `yaml:"columns"`
	Rules           []rawRule         `yaml:"rules"`
	Statuses        map[string]string `yaml:"statuses"`
	Metadata        yaml.Node         `yaml:"metadata"`
	DateFormat      string            `yaml:"date_format"`
	IncludeTestMode bool              `yaml:"include_test_mode"`
	Owners          string            `yaml:"owners"`
	Devices         string            `yaml:"devices"`
	BigNumbers      string            `yaml:"big_numbers"`
	SignedKeys      map[string]string `yaml:"signed_keys"`
	LicenseFiles    string            `yaml:"license_files"`
	Entitlements    map[string]string `yaml:"entitlements"`
}

type rawAPI struct {
	URL      string    `yaml:"url"`
	TokenEnv string    `yaml:"token_env"`
	StoreID  yaml.Node `yaml:"store_id"`
}

type rawRule struct {
	Match  map[string]yaml.Node `yaml:"match"`
	Policy string               `yaml:"policy"`
}

// build turns the schema-valid raw config into typed values and checks
// what a schema cannot: references between sections and duplicate ids.
func build(file string, raw *rawConfig, loc *located, ps Platforms) (*Config, Diagnostics) {
	cfg := &Config{File: file, Dir: dirOf(file)}
	var ds Diagnostics
	add := func(ptr, format string, args ...any) {
		line, col := loc.at(ptr)
		ds = append(ds, Diagnostic{file, line, col, fmt.Sprintf(format, args...)})
	}
	cfg.Target = buildTarget(cfg, raw)
	if lt := raw.Target.Licentric; lt != nil && lt.Refresh != "" {
		d, err := time.ParseDuration(lt.Refresh)
		if err != nil || d < 0 {
			add("/target/licentric/refresh", "refresh %q is not a duration like 25h, 6h or 0s (0s: read the whole account every run)", lt.Refresh)
		}
		cfg.Target.Licentric.Refresh = d
	}
	if raw.RequiredVersion != "" {
		rv, err := ParseRequiredVersion(raw.RequiredVersion)
		if err != nil {
			add("/required_version", "required_version: %v", err)
		}
		rv.Line, rv.Col = loc.at("/required_version")
		cfg.RequiredVersion = rv
	}
	products := map[string]bool{}
	for i, p := range raw.RawProducts {
		if products[p.Code] {
			add(fmt.Sprintf("/products/%d/code", i), "duplicate product code %q: each product code may appear once", p.Code)
		}
		products[p.Code] = true
		cfg.Products = append(cfg.Products, license.Product{Code: p.Code, Name: p.Name, KeyPrefix: p.KeyPrefix})
	}
	policies := map[string]bool{}
	for i, node := range raw.Policies {
		p := buildPolicy(node)
		ptr := fmt.Sprintf("/policies/%d", i)
		if p.ID != "" && policies[p.ID] {
			add(ptr+"/id", "duplicate policy id %q: each policy id may appear once", p.ID)
		}
		policies[p.ID] = true
		if p.Product != "" && !products[p.Product] {
			add(ptr+"/product", "policy %q names product %q, which is not under products:; add it there or fix the code", p.ID, p.Product)
		}
		cfg.Policies = append(cfg.Policies, p)
	}
	names := map[string]bool{}
	for i, rs := range raw.Sources {
		ptr := fmt.Sprintf("/sources/%d", i)
		if names[rs.Name] {
			add(ptr+"/name", "duplicate source name %q: each source needs its own name", rs.Name)
		}
		names[rs.Name] = true
		line, _ := loc.at(ptr)
		src := Source{Name: rs.Name, Platform: rs.Platform, Path: rs.Path, Columns: rs.Columns,
			Metadata: plainMap(&rs.Metadata), DateFormat: rs.DateFormat, IncludeTestMode: rs.IncludeTestMode,
			OwnersOptional: rs.Owners == "optional", Line: line}
		src.BigNumbers = rs.BigNumbers
		src.SignedKeys, src.Entitlements = rs.SignedKeys, rs.Entitlements
		if len(rs.SignedKeys) > 0 {
			checkSignedKeys(rs, ptr, "signed_keys", add, ps)
		}
		if rs.LicenseFiles != "" {
			src.LicenseFiles = cfg.abs(rs.LicenseFiles)
			checkSignedKeys(rs, ptr, "license_files", add, ps)
		}
		if rs.Path != "" {
			src.Glob = cfg.abs(rs.Path)
		}
		src.API = buildAPI(rs, ptr, add, ps)
		if rs.Owners != "" {
			checkOwners(rs, ptr, add, ps)
		}
		src.CarryDevices = rs.Devices == DevicesCarry
		if src.CarryDevices {
			checkCarry(rs, ptr, add, ps)
		}
		src.Statuses = map[string]license.Status{}
		for word, st := range rs.Statuses {
			src.Statuses[FoldWord(word)] = license.Status(st)
		}
		for j, rr := range rs.Rules {
			rptr := fmt.Sprintf("%s/rules/%d", ptr, j)
			if rr.Policy != "" && !policies[rr.Policy] {
				add(rptr+"/policy", "rule names policy %q, which is not under policies:; add it there or fix the id", rr.Policy)
			}
			rl, _ := loc.at(rptr)
			src.Rules = append(src.Rules, Rule{Match: matchValues(rr.Match), Policy: rr.Policy, Line: rl})
		}
		cfg.Sources = append(cfg.Sources, src)
	}
	cfg.Options = buildOptions(raw)
	if raw.Options.AdoptKeys != "" {
		cfg.Options.AdoptKeysFile = cfg.abs(raw.Options.AdoptKeys)
	}
	return cfg, ds
}

// checkOwners refuses owners: on a platform whose licenses carry their
// owner rather than name it by id (nothing to find, nothing to miss).
func checkOwners(rs rawSource, ptr string, add func(ptr, format string, args ...any), ps Platforms) {
	if p, known := ps.lookup(rs.Platform); known && !p.RelatedByID {
		add(ptr+"/owners", "source %q: owners applies to platforms that name a license's owner only by id; %s carries the owner in the license", rs.Name, p.Title)
	}
}

// checkCarry refuses devices: carry on a platform whose devices cannot be
// carried, saying why (the platform descriptor's fact).
func checkCarry(rs rawSource, ptr string, add func(ptr, format string, args ...any), ps Platforms) {
	if p, known := ps.lookup(rs.Platform); known && p.CarryRefused != "" {
		add(ptr+"/devices", "source %q: devices: carry cannot work for %s: %s; remove it (the plan still reports the devices)", rs.Name, p.Title, p.CarryRefused)
	}
}

// checkSignedKeys refuses signed_keys: or license_files: on a platform whose keys are not
// checked offline: the keys would be read by nothing.
func checkSignedKeys(rs rawSource, ptr, key string, add func(ptr, format string, args ...any), ps Platforms) {
	if p, known := ps.lookup(rs.Platform); known && !p.SignedKeys {
		add(ptr+"/"+key, "source %q: %s applies to platforms whose license keys are signed (%s); %s keys are not checked offline, so remove it",
			rs.Name, key, ps.signedKeyTitles(), p.Title)
	}
}

// buildAPI checks a live source's api: block beyond what the schema can:
// exactly one of path and api, the platform's default URL and rules, and
// a URL the tool may send a token to. With no platforms (ps nil) only the
// URL is checked.
func buildAPI(rs rawSource, ptr string, add func(ptr, format string, args ...any), ps Platforms) *API {
	if rs.API == nil || rs.Path != "" {
		return nil // neither or both: the schema's oneOf message says so
	}
	a := &API{URL: strings.TrimRight(rs.API.URL, "/"), TokenEnv: rs.API.TokenEnv, StoreID: rs.API.StoreID.Value}
	p, known := ps.lookup(rs.Platform)
	rules := APIRules{Stores: true} // unknown platform: the schema says so
	if known && p.API != nil {
		rules = *p.API
	}
	if a.URL == "" {
		a.URL = rules.DefaultURL
	}
	switch {
	case known && p.API == nil:
		add(ptr+"/api", "source %q: platform %s has no API; use path: with the %s files", rs.Name, rs.Platform, p.Title)
	case a.URL == "" && known:
		add(ptr+"/api", "source %q: %s needs api.url, e.g. %s", rs.Name, rs.Platform, rules.URLHint)
	case a.URL != "" && httpx.CheckURL(a.URL) != nil:
		add(ptr+"/api/url", "source %q: api.url %v", rs.Name, httpx.CheckURL(a.URL))
	case a.StoreID != "" && !rules.Stores:
		add(ptr+"/api/store_id", "source %q: store_id is a %s setting; %s has no stores", rs.Name, ps.storeTitles(), rs.Platform)
	}
	return a
}

func buildTarget(cfg *Config, raw *rawConfig) Target {
	if l := raw.Target.Licentric; l != nil {
		env := l.APIKeyEnv
		if env == "" {
			env = "LICENTRIC_API_KEY"
		}
		return Target{Licentric: &LicentricTarget{URL: l.URL, APIKeyEnv: env, Refresh: DefaultRefresh, ViewPath: cfg.abs(DefaultViewPath),
			Recheck: l.Recheck == nil || *l.Recheck},
			Limits: limitsOf(l.Tier, l.Limits)}
	}
	p := DefaultStorePath
	var lim Limits
	if l := raw.Target.Local; l != nil {
		if l.Path != "" {
			p = l.Path
		}
		lim = limitsOf(l.Tier, l.Limits)
	}
	return Target{Local: &LocalTarget{Path: cfg.abs(p)}, Limits: lim}
}

type rawLimits struct {
	ActiveLicenses  int `yaml:"active_licenses"`
	MonthlyRequests int `yaml:"monthly_requests"`
}

// limitsOf is the tier's caps with explicit limits over them.
func limitsOf(tier string, raw rawLimits) Limits {
	l := Tiers[tier]
	l.Tier = tier
	if raw.ActiveLicenses > 0 {
		l.ActiveLicenses = raw.ActiveLicenses
	}
	if raw.MonthlyRequests > 0 {
		l.MonthlyRequests = raw.MonthlyRequests
	}
	return l
}

func buildOptions(raw *rawConfig) Options {
	o := Options{Prune: raw.Options.Prune, OnConflict: raw.Options.OnConflict, Safety: map[string]map[string]Threshold{}}
	if o.OnConflict == "" {
		o.OnConflict = "fail"
	}
	for kind, actions := range raw.Options.Safety {
		o.Safety[kind] = map[string]Threshold{}
		for action, t := range actions {
			o.Safety[kind][action] = Threshold(t)
		}
	}
	return o
}

func matchValues(m map[string]yaml.Node) map[string]string {
	out := make(map[string]string, len(m))
	for k, n := range m {
		out[k] = n.Value
	}
	return out
}

// policyFieldNames maps the config's snake_case policy keys to Licentric's
// camelCase field names; id, product, name, max_machines and duration_days
// have typed homes and are handled apart.
var policyFieldNames = map[string]string{
	"max_uses": "maxUses", "template": "template", "floating": "floating",
	"expiration_strategy": "expirationStrategy", "require_heartbeat": "requireHeartbeat",
	"heartbeat_interval_minutes": "heartbeatIntervalMinutes", "heartbeat_cull_strategy": "heartbeatCullStrategy",
	"require_fingerprint": "requireFingerprint", "fingerprint_uniqueness": "fingerprintUniqueness",
	"offline_allowed": "offlineAllowed", "offline_max_days": "offlineMaxDays",
	"allow_machine_transfer": "allowMachineTransfer", "is_trial": "isTrial",
	"trial_duration_days": "trialDurationDays", "overridable": "overridable",
	"max_unique_fingerprints": "maxUniqueFingerprints",
}

func buildPolicy(node map[string]yaml.Node) license.Policy {
	p := license.Policy{MaxMachines: license.Unlimited}
	for k, n := range node {
		switch k {
		case "id":
			p.ID = n.Value
		case "product":
			p.Product = n.Value
		case "name":
			p.Name = n.Value
		case "max_machines":
			if v, err := strconv.Atoi(n.Value); err == nil {
				p.MaxMachines = v
			}
		case "duration_days":
			if v, err := strconv.Atoi(n.Value); err == nil {
				p.DurationDays = &v
			}
		case "entitlements":
			for _, c := range n.Content {
				p.Entitlements = append(p.Entitlements, c.Value)
			}
			slices.Sort(p.Entitlements)
		default:
			if p.Fields == nil {
				p.Fields = map[string]string{}
			}
			val := n.Value
			if n.Tag == "!!str" {
				val = strconv.Quote(val)
			}
			p.Fields[policyFieldNames[k]] = val
		}
	}
	return p
}

// plainMap converts a mapping node the way the schema check sees it:
// unquoted dates stay the text the user wrote, numbers stay exact.
func plainMap(n *yaml.Node) map[string]any {
	if n.Kind == 0 {
		return nil
	}
	m, _ := newLocated().convert(n, "").(map[string]any)
	return m
}
