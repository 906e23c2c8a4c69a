package platform

import (
	"fmt"
	"slices"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/live/livefake"
)

// Registry is a list of platforms, in the order docs and messages show
// them. providers/registry holds the one the tool runs with; tests build
// others (a fake fourth platform) the same way.
type Registry []Platform

// Lookup finds a platform by its config name.
func (r Registry) Lookup(name string) (Platform, bool) {
	for _, p := range r {
		if p.Name == name {
			return p, true
		}
	}
	return Platform{}, false
}

// Fake is the fake of a platform's list API (tests, the benchmark); nil
// when the platform has no API or no fake.
func (r Registry) Fake(name string) *livefake.API {
	p, ok := r.Lookup(name)
	if !ok || p.API == nil {
		return nil
	}
	return p.API.Live.Fake
}

// Names are the platforms' config names, in order.
func (r Registry) Names() []string {
	out := make([]string, len(r))
	for i, p := range r {
		out[i] = p.Name
	}
	return out
}

// Check reports a registry that cannot work: a platform without a name
// or title, a name given twice, an export spec naming another platform,
// a status word that is not folded.
func (r Registry) Check() error {
	seen := map[string]bool{}
	for i, p := range r {
		switch {
		case p.Name == "" || p.Title == "":
			return fmt.Errorf("platform %d has no name or title", i)
		case seen[p.Name]:
			return fmt.Errorf("platform %s is registered twice", p.Name)
		case p.Export.Platform != "" && p.Export.Platform != p.Name:
			return fmt.Errorf("platform %s: its export spec says %s", p.Name, p.Export.Platform)
		}
		seen[p.Name] = true
		for w := range p.Statuses {
			if config.FoldWord(w) != w {
				return fmt.Errorf("platform %s: status word %q is not folded; write %q", p.Name, w, config.FoldWord(w))
			}
		}
	}
	return nil
}

// Config is what config validation needs of each platform.
func (r Registry) Config() config.Platforms {
	out := make(config.Platforms, len(r))
	for i, p := range r {
		out[i] = config.Platform{Name: p.Name, Title: p.Title, RelatedByID: len(p.Export.Related) > 0,
			SignedKeys: p.Checks.SignedKeys, CarryRefused: carryRefused(p), Events: p.Events != nil}
		if p.API != nil {
			out[i].API = &p.API.APIRules
		}
	}
	return out
}

// Sources builds every source of a config with its platform's reader.
func (r Registry) Sources(cfg *config.Config) ([]providers.Source, error) {
	out := make([]providers.Source, 0, len(cfg.Sources))
	for _, s := range cfg.Sources {
		p, ok := r.Lookup(s.Platform)
		if !ok {
			return nil, fmt.Errorf("source %s: unknown platform %q; use one of %v", s.Name, s.Platform, slices.Sorted(slices.Values(r.Names())))
		}
		out = append(out, p.New(s, cfg.Dir))
	}
	return out, nil
}

// Status says what a platform's status word means by default: the
// platform's own words, then Licentric's names in any case.
func (r Registry) Status(platform, word string) (license.Status, bool) {
	p, _ := r.Lookup(platform)
	st, ok := p.Statuses[config.FoldWord(word)]
	if !ok {
		st, ok = license.ParseStatus(word)
	}
	return st, ok
}

// carryRefused says why a platform's devices cannot be carried: its
// descriptor's reason, or that the tool reads none of its devices.
func carryRefused(p Platform) string {
	if p.Devices == nil {
		return "the tool reads no devices of " + p.Title
	}
	return p.Devices.CarryRefused
}
