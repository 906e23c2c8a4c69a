package cli

import "fmt"

// ValidateCmd checks the config and reads every source through the
// mapping, reporting every problem; it writes nothing.
type ValidateCmd struct{}

// Run validates.
func (ValidateCmd) Run(e *env) error {
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	res, err := e.desired(cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s is valid: %d products, %d policies, %d sources, %d licenses.\n",
		cfg.File, len(cfg.Products), len(cfg.Policies), len(cfg.Sources), len(res.Licenses))
	for _, d := range findings(res) {
		fmt.Fprintf(e.stdout, "  %s: %s\n", d.Severity, d)
	}
	return nil
}
