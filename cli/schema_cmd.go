package cli

import "github.com/licentric/licentric-sync/schemas"

// SchemaCmd prints an embedded JSON Schema, so users can save it for
// their editor or publish it: the config's, the JSON plan's, or verify's
// or compare's report.
type SchemaCmd struct {
	Which string `arg:"" enum:"config,plan,verify,compare" placeholder:"config|plan|verify|compare" help:"config (licentric.yaml), plan (plan --format json and saved plans), verify (verify --format json) or compare (compare --format json)."`
}

// Run prints the schema.
func (c *SchemaCmd) Run(e *env) error {
	doc := map[string][]byte{"config": schemas.ConfigJSON, "plan": schemas.PlanJSON, "verify": schemas.VerifyJSON, "compare": schemas.CompareJSON}[c.Which]
	_, err := e.stdout.Write(doc)
	return err
}
