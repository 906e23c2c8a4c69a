package engine

import (
	"fmt"

	"github.com/licentric/licentric-sync/config"
)

// checkVersion holds the tool to the config's required_version: a
// release outside it is refused with the config's position, so a plan is
// never made by a build the team did not agree on; a development build
// (no release version to compare) runs and returns a warning to print.
func checkVersion(cfg *config.Config, version string) (warning string, err error) {
	rv := cfg.RequiredVersion
	ok, dev := rv.Allows(version)
	if !ok {
		return "", config.Diagnostics{{File: cfg.File, Line: rv.Line, Col: rv.Col, Message: fmt.Sprintf(
			"required_version %q excludes this licentric-sync %s; install a version it allows "+
				"(go install github.com/licentric/licentric-sync/cmd/licentric-sync@vX.Y.Z), or change required_version in a reviewed pull request",
			rv.Text, version)}}
	}
	if dev {
		return fmt.Sprintf("%s requires licentric-sync %s, and this development build (%s) cannot be compared with it; plans it makes may differ from a release's",
			cfg.File, rv.Text, version), nil
	}
	return "", nil
}
