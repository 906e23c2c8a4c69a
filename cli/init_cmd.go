package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/engine"
	"github.com/licentric/licentric-sync/gitignore"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/httpx"
	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/registry"
	"github.com/licentric/licentric-sync/providers/tabular"
	"github.com/licentric/licentric-sync/scaffold"
	"github.com/licentric/licentric-sync/schemas"
)

// schemaFileName is the config schema init saves beside the config.
const schemaFileName = "licentric.schema.json"

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

// source is the source init reads: the export, or the live API.
func (c *InitCmd) source(e *env, dir string) (providers.Source, scaffold.From, error) {
	switch {
	case c.API && c.Export != "":
		return nil, scaffold.From{}, fmt.Errorf("give an EXPORT or --api, not both")
	case !c.API && c.Export == "":
		return nil, scaffold.From{}, fmt.Errorf("init needs an EXPORT file to start from, or --api to read the live account")
	}
	p, _ := registry.Default().Lookup(c.Platform)
	switch {
	case !c.API:
		export, err := filepath.Abs(c.Export)
		if err != nil {
			return nil, scaffold.From{}, err
		}
		rel, err := filepath.Rel(dir, export)
		if err != nil {
			rel = export
		}
		src := config.Source{Name: c.Platform, Platform: c.Platform, Path: filepath.ToSlash(rel), Glob: export, Columns: c.Column}
		if err := checkLooks(c.Platform, export, c.Export); err != nil {
			return nil, scaffold.From{}, err
		}
		return p.New(src, dir), scaffold.From{Path: src.Path}, nil
	}
	api := &config.API{URL: strings.TrimRight(c.URL, "/"), TokenEnv: c.TokenEnv, StoreID: c.StoreID}
	if p.API != nil && api.TokenEnv == "" {
		api.TokenEnv = p.API.TokenEnv
	}
	if p.API != nil && api.URL == "" {
		api.URL = p.API.DefaultURL
	}
	if api.URL == "" {
		return nil, scaffold.From{}, fmt.Errorf("--platform %s --api needs --url%s", c.Platform, urlExample(p))
	}
	if err := httpx.CheckURL(api.URL); err != nil {
		return nil, scaffold.From{}, fmt.Errorf("--url %w", err)
	}
	src := config.Source{Name: c.Platform, Platform: c.Platform, API: api, Columns: c.Column}
	s, err := engine.LiveSource(src, dir, os.Getenv, e.progress())
	return s, scaffold.From{API: api}, err
}

// Run scaffolds.
func (c *InitCmd) Run(e *env) error {
	out := e.globals.Config
	if _, err := os.Stat(out); err == nil && !c.Force {
		return fmt.Errorf("%s already exists; pass --force to overwrite it, or -c to write another file", out)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	dir, err := filepath.Abs(filepath.Dir(out))
	if err != nil {
		return err
	}
	for field := range c.Column {
		if !slices.Contains(config.CanonicalFields, field) {
			return fmt.Errorf("--column %s=…: %q is not a canonical field; use one of %s", field, field, strings.Join(config.CanonicalFields, ", "))
		}
	}
	s, from, err := c.source(e, dir)
	if err != nil {
		return err
	}
	text, stats, err := scaffold.Config(e.ctx, s, from, c.Column)
	e.report.finish()
	if err != nil {
		if strings.Contains(err.Error(), "no column holds the license key") {
			return fmt.Errorf("%w\nTell init which column it is: licentric-sync init --platform %s --column key=\"<header>\" %s", err, c.Platform, c.Export)
		}
		return err
	}
	if _, err := registry.Default().Config().Parse(out, text); err != nil && len(stats.Open) == 0 {
		return fmt.Errorf("the generated config does not validate (a bug; please report it): %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	// Editors with the YAML language server (VS Code's YAML extension,
	// JetBrains IDEs) complete and check the file against this schema.
	schemaFile := filepath.Join(filepath.Dir(out), schemaFileName)
	if err := os.WriteFile(schemaFile, schemas.ConfigJSON, 0o644); err != nil {
		return err
	}
	text = append([]byte("# yaml-language-server: $schema=./"+schemaFileName+"\n"), text...)
	if err := os.WriteFile(out, text, 0o644); err != nil {
		return err
	}
	added, err := gitignore.Ensure(filepath.Dir(out))
	if err != nil {
		return err
	}
	if len(added) > 0 {
		fmt.Fprintf(e.stdout, "Ignored in %s (they hold keys and emails): %s\n", filepath.Join(filepath.Dir(out), gitignore.FileName), strings.Join(added, " "))
	}
	if from.API != nil {
		fmt.Fprintf(e.stdout, "The token stays in $%s: keep it out of the config and out of Git (in CI, a secret).\n", from.API.TokenEnv)
	}
	fmt.Fprintf(e.stdout, "Wrote %s: %s, %s, %s from %s.\n", out, count(stats.Products, "product", "products"),
		count(stats.Policies, "policy", "policies"), count(stats.Rules, "rule", "rules"), count(stats.Rows, "row", "rows"))
	if len(stats.Open) > 0 {
		fmt.Fprintf(e.stdout, "It does not validate yet: the export does not tell %s, marked in the file:\n", count(len(stats.Open), "thing", "things"))
		for _, o := range stats.Open {
			fmt.Fprintf(e.stdout, "  - %s\n", o)
		}
		fmt.Fprintf(e.stdout, "Next: decide each, edit names, then run `%s`, `%s` and `%s`.\n", e.command("validate"), e.command("mapping"), e.command("plan"))
		return nil
	}
	fmt.Fprintf(e.stdout, "Next: edit names and machine limits, then run `%s` and `%s`.\n", e.command("mapping"), e.command("plan"))
	return nil
}

// checkLooks refuses an export that looks like another platform's than
// --platform names, before init reads it with the wrong reader.
func checkLooks(platform, pattern, given string) error {
	files, err := tabular.Glob(pattern)
	if err != nil {
		return err
	}
	return scaffold.CheckPlatform(platform, files, func(f string) string {
		if len(files) == 1 {
			return given
		}
		return f
	})
}

// urlExample is " (for Keygen, https://…)": the API base a platform
// without a default URL shows as its hint (the URL, before any
// explanation in brackets); "" when it shows none.
func urlExample(p platform.Platform) string {
	if p.API == nil || p.API.URLHint == "" {
		return ""
	}
	return " (for " + p.Title + ", " + hintURL(p.API) + ")"
}

// hintURL is the URL of a platform's api.url hint, without the
// explanation in brackets that follows it.
func hintURL(api *platform.API) string {
	u, _, _ := strings.Cut(api.URLHint, " (")
	return u
}

// initVars are init's help texts that list the platforms, from the
// registry: ${platforms_help} names them all, ${url_help} says which
// have no default API URL, ${token_envs} the token variables,
// ${stores} the platforms whose API has stores.
func initVars(reg platform.Registry) map[string]string {
	var urls, tokens, stores []string
	for _, p := range reg {
		switch {
		case p.API == nil:
			continue
		case p.API.DefaultURL == "":
			urls = append(urls, p.Title+": "+hintURL(p.API))
		}
		tokens = append(tokens, p.API.TokenEnv)
		if p.API.Stores {
			stores = append(stores, p.Title)
		}
	}
	return map[string]string{"platforms_help": orList(reg.Names()),
		"url_help":   strings.Join(append(urls, "others have a default"), "; "),
		"token_envs": orList(tokens), "stores": orList(stores)}
}

// orList is "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
