package cli

import "fmt"

// count is "1 product" or "2 products".
func count(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// ValidateCmd checks the config and reads every source through the
// mapping, reporting every problem; it writes nothing.
type ValidateCmd struct {
	ConfigFlag
	SnapshotFlag
	ShowSensitive bool `name:"show-sensitive" help:"Show export values in errors even when they look like keys or emails."`
}

// Run validates.
func (c ValidateCmd) Run(e *env) error {
	eng, err := e.engine()
	if err != nil {
		return err
	}
	e.warnSensitive(c.ShowSensitive)
	eng.ShowSensitive = c.ShowSensitive
	res, err := eng.Desired(e.ctx)
	if err != nil {
		return err
	}
	cfg := eng.Config
	fmt.Fprintf(e.stdout, "%s is valid: %s, %s, %s, %s.\n", cfg.File, count(len(cfg.Products), "product", "products"),
		count(len(cfg.Policies), "policy", "policies"), count(len(cfg.Sources), "source", "sources"), count(len(res.Licenses), "license", "licenses"))
	for _, d := range res.Findings {
		fmt.Fprintf(e.stdout, "  %s: %s\n", d.Severity, d)
	}
	return nil
}
