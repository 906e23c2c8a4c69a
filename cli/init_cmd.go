package cli

import "github.com/licentric/licentric-sync/engine"

// InitCmd writes a starter config from an export: products, policies and
// rules stubbed from the distinct values, with comments. It validates as
// written; the user then edits names and limits and reviews `mapping`.
type InitCmd struct {
	ConfigFlag
	Platform string            `required:"" placeholder:"PLATFORM" enum:"${platforms}" help:"${platforms_help}."`
	Export   string            `arg:"" optional:"" name:"EXPORT" help:"The export file (or glob) to start from; or --api."`
	API      bool              `name:"api" help:"Start from the live account's API instead of an export (the token is read from --token-env)."`
	URL      string            `name:"url" placeholder:"URL" help:"With --api: the API base (${url_help})."`
	TokenEnv string            `name:"token-env" placeholder:"VAR" help:"With --api: the variable holding the token (default ${token_envs})."`
	StoreID  string            `name:"store-id" placeholder:"ID" help:"With --api, ${stores}: read only this store."`
	Force    bool              `help:"Overwrite an existing config file."`
	Column   map[string]string `name:"column" placeholder:"FIELD=HEADER" help:"Map a canonical field to a column the auto-mapping missed, e.g. --column key=License (repeatable); written to the config's columns:."`
}

// Run scaffolds.
func (c *InitCmd) Run(e *env) error {
	return e.run(&engine.InitRequest{Platform: c.Platform, Export: c.Export, API: c.API, URL: c.URL,
		TokenEnv: c.TokenEnv, StoreID: c.StoreID, Force: c.Force, Columns: c.Column}, "")
}
