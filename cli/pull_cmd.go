package cli

import (
	"fmt"
	"path/filepath"

	"github.com/licentric/licentric-sync/gitignore"
)

// PullCmd saves snapshots of the live sources: the backup the migration
// guide asks for before anything else, and a frozen input that plan
// --snapshot (or a path: source) reads.
type PullCmd struct {
	ConfigFlag
	Source []string `name:"source" placeholder:"NAME" predictor:"source" help:"Pull only this api: source (repeat for more); default: all of them."`
	Out    string   `short:"o" name:"out" default:"snapshots" placeholder:"DIR" help:"Directory for the snapshots, one folder per source (default: ${default}); keep it out of Git."`
	Force  bool     `help:"Replace a snapshot already in the folder (by default pull refuses: it is the rollback point)."`
}

// Run pulls.
func (c *PullCmd) Run(e *env) error {
	eng, err := e.engine()
	if err != nil {
		return err
	}
	dir := c.Out
	if !filepath.IsAbs(dir) {
		dir, _ = filepath.Abs(dir)
	}
	pulled, err := eng.Pull(e.ctx, c.Source, dir, c.Force)
	e.report.finish()
	for _, p := range pulled {
		fmt.Fprintf(e.stdout, "Pulled %s: %s, %s (%s) into %s (files 0600).\n", p.Source, count(p.Licenses, "license", "licenses"),
			count(p.Pages, "page", "pages"), count(p.Requests, "request", "requests"), p.Dir)
		gitignore.Warn(e.stderr, p.Dir, p.Dir, "a snapshot")
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Plan from it with: %s\n", e.command("plan", "--snapshot", c.Out))
	return nil
}
