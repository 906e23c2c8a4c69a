package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Version is set at build time with -ldflags "-X …/cli.Version=v1.2.3",
// which wins over everything the build info says.
var Version = ""

// VersionCmd prints the version, the revision it was built from and the
// Go version.
type VersionCmd struct{}

// Run prints the version details.
func (VersionCmd) Run(e *env) error {
	info, _ := debug.ReadBuildInfo()
	b := describeBuild(Version, info)
	fmt.Fprintf(e.stdout, "licentric-sync %s\n", b.version)
	if b.revision != "" {
		fmt.Fprintf(e.stdout, "revision: %s%s\n", b.revision, map[bool]string{true: " (modified: uncommitted changes)", false: ""}[b.dirty])
	}
	if b.time != "" {
		fmt.Fprintf(e.stdout, "committed: %s\n", b.time)
	}
	fmt.Fprintf(e.stdout, "go: %s %s/%s\n", b.goVersion, runtime.GOOS, runtime.GOARCH)
	return nil
}

// build is what a binary knows about itself.
type build struct {
	version, revision, time, goVersion string
	dirty                              bool
}

// describeBuild reads -ldflags, then the module version (go install
// …@vX.Y.Z), then the VCS stamp of a build from a checkout
// (dev-<revision>[+dirty]); "dev" when there is nothing to go on.
func describeBuild(ldflags string, info *debug.BuildInfo) build {
	b := build{version: "dev", goVersion: runtime.Version()}
	if info != nil {
		b.goVersion = info.GoVersion
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				b.revision = s.Value
			case "vcs.time":
				b.time = s.Value
			case "vcs.modified":
				b.dirty = s.Value == "true"
			}
		}
	}
	switch {
	case ldflags != "":
		b.version = ldflags
	case info != nil && info.Main.Version != "" && info.Main.Version != "(devel)":
		b.version = info.Main.Version
	case len(b.revision) >= 12:
		b.version = "dev-" + b.revision[:12]
		if b.dirty {
			b.version += "+dirty"
		}
	}
	return b
}

// toolVersion is the short version recorded in plans.
func toolVersion() string {
	info, _ := debug.ReadBuildInfo()
	return describeBuild(Version, info).version
}
