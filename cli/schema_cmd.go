package cli

import "github.com/licentric/licentric-sync/schemas"

// SchemaCmd prints an embedded JSON Schema, so users can save it for
// their editor or publish it: the config's, the JSON plan's, or verify's
// report.
type SchemaCmd struct {
	Which string `arg:"" enum:"config,plan,verify" placeholder:"config|plan|verify" help:"config (licentric.yaml), plan (plan --format json and saved plans) or verify (verify --format json)."`
}

// Run prints the schema.
func (c *SchemaCmd) Run(e *env) error {
	doc := map[string][]byte{"config": schemas.ConfigJSON, "plan": schemas.PlanJSON, "verify": schemas.VerifyJSON}[c.Which]
	_, err := e.stdout.Write(doc)
	return err
}
