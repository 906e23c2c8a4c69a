package config

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers/httpx"
)

// rawSource is a source's block (sources[i]) as YAML holds it;
// buildSource checks what the schema cannot: the policies its rules name,
// and the settings only some platforms honour, by the platform's facts.
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
	Events          string            `yaml:"events"`
	Compare         *rawCompare       `yaml:"compare"`
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

// addFunc records a problem at a JSON pointer into the config (its
// line and column are looked up there), its message formatted.
type addFunc func(ptr, format string, args ...any)

// sourceCheck is what building a source checks against: positions, the
// policies the config lists, where problems go, the platforms.
type sourceCheck struct {
	loc      *located
	policies map[string]bool
	add      addFunc
	ps       Platforms
}

// buildSource is source rs (at ptr) as typed values, each setting a
// platform does not honour refused.
func buildSource(cfg *Config, rs rawSource, ptr string, c sourceCheck) Source {
	line, _ := c.loc.at(ptr)
	src := Source{Name: rs.Name, Platform: rs.Platform, Path: rs.Path, Columns: rs.Columns,
		Metadata: plainMap(&rs.Metadata), DateFormat: rs.DateFormat, IncludeTestMode: rs.IncludeTestMode,
		OwnersOptional: rs.Owners == "optional", Line: line}
	src.BigNumbers = rs.BigNumbers
	src.SignedKeys, src.Entitlements = rs.SignedKeys, rs.Entitlements
	if len(rs.SignedKeys) > 0 {
		c.signedKeys(rs, ptr, "signed_keys")
	}
	if rs.LicenseFiles != "" {
		src.LicenseFiles = cfg.abs(rs.LicenseFiles)
		c.signedKeys(rs, ptr, "license_files")
	}
	if rs.Path != "" {
		src.Glob = cfg.abs(rs.Path)
	}
	if rs.Events != "" {
		src.Events = cfg.abs(rs.Events)
		c.events(rs, ptr)
	}
	src.API = c.api(rs, ptr)
	src.Compare = c.compare(rs, ptr)
	if rs.Owners != "" {
		c.owners(rs, ptr)
	}
	src.CarryDevices = rs.Devices == DevicesCarry
	if src.CarryDevices {
		c.carry(rs, ptr)
	}
	src.Statuses = map[string]license.Status{}
	for word, st := range rs.Statuses {
		src.Statuses[FoldWord(word)] = license.Status(st)
	}
	for j, rr := range rs.Rules {
		rptr := fmt.Sprintf("%s/rules/%d", ptr, j)
		if rr.Policy != "" && !c.policies[rr.Policy] {
			c.add(rptr+"/policy", "rule names policy %q, which is not under policies:; add it there or fix the id", rr.Policy)
		}
		rl, _ := c.loc.at(rptr)
		src.Rules = append(src.Rules, Rule{Match: matchValues(rr.Match), Policy: rr.Policy, Line: rl})
	}
	return src
}

// owners refuses owners: on a platform whose licenses carry their
// owner rather than name it by id (nothing to find, nothing to miss).
func (c sourceCheck) owners(rs rawSource, ptr string) {
	if p, known := c.ps.lookup(rs.Platform); known && !p.RelatedByID {
		c.add(ptr+"/owners", "source %q: owners applies to platforms that name a license's owner only by id; %s carries the owner in the license", rs.Name, p.Title)
	}
}

// carry refuses devices: carry on a platform whose devices cannot be
// carried, saying why (the platform descriptor's fact).
func (c sourceCheck) carry(rs rawSource, ptr string) {
	if p, known := c.ps.lookup(rs.Platform); known && p.CarryRefused != "" {
		c.add(ptr+"/devices", "source %q: devices: carry cannot work for %s: %s; remove it (the plan still reports the devices)", rs.Name, p.Title, p.CarryRefused)
	}
}

// events refuses events: on a platform whose events the tool does not
// read: the files would be read by nothing.
func (c sourceCheck) events(rs rawSource, ptr string) {
	if p, known := c.ps.lookup(rs.Platform); known && !p.Events {
		c.add(ptr+"/events", "source %q: events applies to platforms whose saved webhook events the tool reads (%s); %s has none, so remove it",
			rs.Name, c.ps.eventTitles(), p.Title)
	}
}

// signedKeys refuses signed_keys: or license_files: on a platform whose keys are not
// checked offline: the keys would be read by nothing.
func (c sourceCheck) signedKeys(rs rawSource, ptr, key string) {
	if p, known := c.ps.lookup(rs.Platform); known && !p.SignedKeys {
		c.add(ptr+"/"+key, "source %q: %s applies to platforms whose license keys are signed (%s); %s keys are not checked offline, so remove it",
			rs.Name, key, c.ps.signedKeyTitles(), p.Title)
	}
}

// api checks a live source's api: block beyond what the schema can:
// exactly one of path and api, the platform's default URL and rules, and
// a URL the tool may send a token to. With no platforms (ps nil) only the
// URL is checked.
func (c sourceCheck) api(rs rawSource, ptr string) *API {
	if rs.API == nil || rs.Path != "" {
		return nil // neither or both: the schema's oneOf message says so
	}
	a := &API{URL: strings.TrimRight(rs.API.URL, "/"), TokenEnv: rs.API.TokenEnv, StoreID: rs.API.StoreID.Value}
	p, known := c.ps.lookup(rs.Platform)
	rules := APIRules{Stores: true} // unknown platform: the schema says so
	if known && p.API != nil {
		rules = *p.API
	}
	if a.URL == "" {
		a.URL = rules.DefaultURL
	}
	switch {
	case known && p.API == nil:
		c.add(ptr+"/api", "source %q: platform %s has no API; use path: with the %s files", rs.Name, rs.Platform, p.Title)
	case a.URL == "" && known:
		c.add(ptr+"/api", "source %q: %s needs api.url, e.g. %s", rs.Name, rs.Platform, rules.URLHint)
	case a.URL != "" && httpx.CheckURL(a.URL) != nil:
		c.add(ptr+"/api/url", "source %q: api.url %v", rs.Name, httpx.CheckURL(a.URL))
	case a.StoreID != "" && !rules.Stores:
		c.add(ptr+"/api/store_id", "source %q: store_id is a %s setting; %s has no stores", rs.Name, c.ps.storeTitles(), rs.Platform)
	}
	return a
}

// matchValues is a rule's match: each value as the text written.
func matchValues(m map[string]yaml.Node) map[string]string {
	out := make(map[string]string, len(m))
	for k, n := range m {
		out[k] = n.Value
	}
	return out
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
