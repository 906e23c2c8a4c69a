package cli

import "fmt"

// ValidateCmd checks the config and reads every source through the
// mapping, reporting every problem; it writes nothing.
type ValidateCmd struct{}

// Run validates.
func (ValidateCmd) Run(e *env) error {
	eng, err := e.engine()
	if err != nil {
		return err
	}
	res, err := eng.Desired(e.ctx)
	if err != nil {
		return err
	}
	cfg := eng.Config
	fmt.Fprintf(e.stdout, "%s is valid: %d products, %d policies, %d sources, %d licenses.\n",
		cfg.File, len(cfg.Products), len(cfg.Policies), len(cfg.Sources), len(res.Licenses))
	for _, d := range res.Findings {
		fmt.Fprintf(e.stdout, "  %s: %s\n", d.Severity, d)
	}
	return nil
}
