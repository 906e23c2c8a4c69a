package config

import (
	"strings"

	"github.com/licentric/licentric-sync/providers/httpx"
)

// rawCompare is a file source's compare: block.
type rawCompare struct {
	URL      string `yaml:"url"`
	TokenEnv string `yaml:"token_env"`
}

// compare checks a source's compare: block: the old platform's API
// that compare asks about the licenses of a source read from files (an
// export, a dump, a pulled snapshot). It takes the api: block's rules
// for the URL and the token (only a variable's name, never the token),
// and is refused where it could not be used: on an api: source, which
// compare asks through its api:, and on a platform with no API.
func (c sourceCheck) compare(rs rawSource, ptr string) *API {
	if rs.Compare == nil {
		return nil
	}
	a := &API{URL: strings.TrimRight(rs.Compare.URL, "/"), TokenEnv: rs.Compare.TokenEnv}
	p, known := c.ps.lookup(rs.Platform)
	if known && p.API != nil && a.URL == "" {
		a.URL = p.API.DefaultURL
	}
	switch {
	case rs.API != nil:
		c.add(ptr+"/compare", "source %q: compare: is for sources read from files; compare asks an api: source through its api:, so remove compare:", rs.Name)
	case known && p.API == nil:
		c.add(ptr+"/compare", "source %q: platform %s has no API that compare could ask; remove compare:", rs.Name, rs.Platform)
	case a.URL == "" && known:
		c.add(ptr+"/compare", "source %q: %s needs compare.url, e.g. %s", rs.Name, rs.Platform, p.API.URLHint)
	case a.URL != "" && httpx.CheckURL(a.URL) != nil:
		c.add(ptr+"/compare/url", "source %q: compare.url %v", rs.Name, httpx.CheckURL(a.URL))
	}
	return a
}
