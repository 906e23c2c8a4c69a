package cli

import "github.com/licentric/licentric-sync/engine"

// ServeCmd runs the sandbox: the Licentric API over a local store, to
// rehearse a migration and to test the HTTP target against.
type ServeCmd struct {
	DB        string `name:"db" placeholder:"PATH" default:".licentric/sandbox.db" help:"The sandbox's store file, created if missing (default: ${default})."`
	Listen    string `placeholder:"HOST:PORT" default:"127.0.0.1:8787" help:"Address to listen on (default: ${default}); loopback unless you say otherwise."`
	RateLimit int    `name:"rate-limit" placeholder:"N" default:"120" help:"Management requests per minute per key (default: ${default}; validate-key gets half, per IP); 0 turns limits off."`
	APIKey    string `name:"api-key" placeholder:"lk_test_…" env:"LICENTRIC_SANDBOX_API_KEY" help:"The one lk_test_ key to accept: lk_test_ and at least 16 random letters or digits (default: any lk_test_ key, on loopback only)."`
	Verbose   bool   `help:"Log every request (method, path, duration; never keys)."`
	Tier      string `enum:",free,starter,growth,enterprise" default:"" placeholder:"TIER" help:"Enforce a Licentric plan's caps (free, starter, growth, enterprise): active licenses and monthly requests, so a rehearsal fails where production would."`
}

// Run serves until interrupted.
func (c *ServeCmd) Run(e *env) error {
	return e.run(&engine.ServeRequest{DB: c.DB, Listen: c.Listen, RateLimit: c.RateLimit, APIKey: c.APIKey,
		Verbose: c.Verbose, Tier: c.Tier}, "")
}

// SchemaCmd prints an embedded JSON Schema, so users can save it for
// their editor or publish it: the config's, the JSON plan's, or verify's
// or compare's report.
type SchemaCmd struct {
	Which string `arg:"" enum:"config,plan,verify,compare" placeholder:"config|plan|verify|compare" help:"config (licentric.yaml), plan (plan --format json and saved plans), verify (verify --format json) or compare (compare --format json)."`
}

// Run prints the schema.
func (c *SchemaCmd) Run(e *env) error {
	return e.run(&engine.SchemaRequest{Which: c.Which}, "")
}
