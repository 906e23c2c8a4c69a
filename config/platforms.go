package config

import (
	"strings"
)

// Platform is what loading a config must know of one source platform:
// its name, how messages spell it, and its API's rules when it has one.
// The platform registry (providers/registry) supplies the list, so this
// package names no platform.
type Platform struct {
	Name  string
	Title string
	// API is nil for a platform read from export files only.
	API *APIRules
	// RelatedByID says its licenses name their owner (and policy,
	// product) only by id, so a read joins them and owners: may say
	// whether a license whose owner was not read is an error.
	RelatedByID bool
	// CarryRefused, when set, says why devices: carry cannot work for
	// the platform's devices (config validation refuses it, located).
	CarryRefused string
	// SignedKeys says the platform issues signed license keys that its
	// own check verifies offline with the public keys in signed_keys:.
	SignedKeys bool
	// Events says the platform's saved webhook events can be applied
	// on top of what a source reads (events:).
	Events bool
}

// APIRules are the checks and defaults of a platform's api: block.
type APIRules struct {
	// DefaultURL is the documented API base; "" when the account is part
	// of the URL, so api.url is required.
	DefaultURL string
	// URLHint shows what api.url to write when there is no default.
	URLHint string
	// Stores says the API has stores, so api.store_id may narrow a read.
	Stores bool
}

// Platforms are the source platforms a config may name, in the
// registry's order. A config is loaded against them: the schema's
// platform enum is their names, and each api: block follows its
// platform's rules.
type Platforms []Platform

// Load reads and validates a config file. Every problem is returned at
// once as Diagnostics, sorted by position.
func (ps Platforms) Load(file string) (*Config, error) {
	return load(file, ps)
}

// Parse validates config bytes; file is used for messages and to
// resolve relative paths.
func (ps Platforms) Parse(file string, data []byte) (*Config, error) {
	return parse(file, data, ps)
}

// Names are the platforms' names, in order.
func (ps Platforms) Names() []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}

func (ps Platforms) lookup(name string) (Platform, bool) {
	for _, p := range ps {
		if p.Name == name {
			return p, true
		}
	}
	return Platform{}, false
}

// titles names the platforms that have a setting (stores, signed keys,
// events), for the message that refuses the setting elsewhere.
func (ps Platforms) titles(has func(Platform) bool) string {
	var out []string
	for _, p := range ps {
		if has(p) {
			out = append(out, p.Title)
		}
	}
	return strings.Join(out, " or ")
}

// storeTitles names the platforms whose API has stores.
func (ps Platforms) storeTitles() string {
	return ps.titles(func(p Platform) bool { return p.API != nil && p.API.Stores })
}

// eventTitles names the platforms that take events:.
func (ps Platforms) eventTitles() string { return ps.titles(func(p Platform) bool { return p.Events }) }

// signedKeyTitles names the platforms that take signed_keys:.
func (ps Platforms) signedKeyTitles() string {
	return ps.titles(func(p Platform) bool { return p.SignedKeys })
}
