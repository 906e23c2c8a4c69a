package config

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/licentric/licentric-sync/license"
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
	policies := buildCatalog(cfg, raw, add)
	names := map[string]bool{}
	for i, rs := range raw.Sources {
		ptr := fmt.Sprintf("/sources/%d", i)
		if names[rs.Name] {
			add(ptr+"/name", "duplicate source name %q: each source needs its own name", rs.Name)
		}
		names[rs.Name] = true
		cfg.Sources = append(cfg.Sources, buildSource(cfg, rs, ptr, sourceCheck{loc, policies, add, ps}))
	}
	cfg.Options = buildOptions(raw)
	if raw.Options.AdoptKeys != "" {
		cfg.Options.AdoptKeysFile = cfg.abs(raw.Options.AdoptKeys)
	}
	return cfg, ds
}

// buildCatalog reads products and policies, refusing a code or id given
// twice and a policy of a product not listed; it returns the policy ids,
// for the sources' rules to name.
func buildCatalog(cfg *Config, raw *rawConfig, add addFunc) (policies map[string]bool) {
	products := map[string]bool{}
	for i, p := range raw.RawProducts {
		if products[p.Code] {
			add(fmt.Sprintf("/products/%d/code", i), "duplicate product code %q: each product code may appear once", p.Code)
		}
		products[p.Code] = true
		cfg.Products = append(cfg.Products, license.Product{Code: p.Code, Name: p.Name, KeyPrefix: p.KeyPrefix})
	}
	policies = map[string]bool{}
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
	return policies
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
