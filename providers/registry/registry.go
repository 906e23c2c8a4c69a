// Package registry is the one list of source platforms the tool runs
// with, built here explicitly (no init() self-registration). Config
// validation, the config schema's platform enum, mapping, the engine,
// the CLI's completions and the docs' platform tables all read it, and
// no code outside a platform's own package names a platform. Adding a
// platform is a package under providers/ exporting a platform.Platform,
// plus one line below.
package registry

import (
	"github.com/licentric/licentric-sync/providers/cryptlex"
	"github.com/licentric/licentric-sync/providers/csvfile"
	"github.com/licentric/licentric-sync/providers/keygen"
	"github.com/licentric/licentric-sync/providers/lemonsqueezy"
	"github.com/licentric/licentric-sync/providers/platform"
)

// Default is the registry the tool runs with, in the order docs and
// messages list the platforms. Each call returns a fresh list, so no
// caller can change another's.
func Default() platform.Registry {
	return platform.Registry{
		keygen.Platform,
		cryptlex.Platform,
		lemonsqueezy.Platform,
		csvfile.Platform,
	}
}
