package providers

import (
	"fmt"
	"sort"

	"github.com/licentric/licentric-sync/config"
)

// SourceConstructor builds a source from its config entry; dir is the
// config file's directory.
type SourceConstructor func(src config.Source, dir string) Source

// Registry maps platform names to source constructors. It is filled
// explicitly by the caller (cli), never by init() side effects.
type Registry map[string]SourceConstructor

// Sources builds every source of a config.
func (r Registry) Sources(cfg *config.Config) ([]Source, error) {
	var out []Source
	for _, s := range cfg.Sources {
		ctor, ok := r[s.Platform]
		if !ok {
			names := make([]string, 0, len(r))
			for n := range r {
				names = append(names, n)
			}
			sort.Strings(names)
			return nil, fmt.Errorf("source %s: unknown platform %q; use one of %v", s.Name, s.Platform, names)
		}
		out = append(out, ctor(s, cfg.Dir))
	}
	return out, nil
}
