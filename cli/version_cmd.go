package cli

import (
	"fmt"
	"runtime/debug"
)

// Version is set at build time with -ldflags "-X …/cli.Version=v1.2.3";
// otherwise the module version or VCS revision is used.
var Version = ""

// VersionCmd prints the version.
type VersionCmd struct{}

// Run prints the version.
func (VersionCmd) Run(e *env) error {
	fmt.Fprintf(e.stdout, "licentric-sync %s\n", toolVersion())
	return nil
}

func toolVersion() string {
	if Version != "" {
		return Version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return "dev-" + s.Value[:12]
		}
	}
	return "dev"
}
