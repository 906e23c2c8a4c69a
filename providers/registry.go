package providers

import (
	"github.com/licentric/licentric-sync/config"
)

// SourceConstructor builds a source from its config entry; dir is the
// config file's directory. Each platform's is its platform.Platform's New;
// the list of platforms is providers/registry.
type SourceConstructor func(src config.Source, dir string) Source
