package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/gitignore"
	"github.com/licentric/licentric-sync/privfile"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/httpx"
	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/registry"
	"github.com/licentric/licentric-sync/providers/tabular"
	"github.com/licentric/licentric-sync/scaffold"
	"github.com/licentric/licentric-sync/schemas"
	"github.com/licentric/licentric-sync/smallfile"
)

// schemaFileName is the config schema init saves beside the config.
const schemaFileName = "licentric.schema.json"

// InitRequest is init: a starter config written to the session's Config
// from an export (Export) or the live account (API), products, policies
// and rules stubbed from the distinct values, with comments.
type InitRequest struct {
	Platform string
	Export   string
	API      bool
	// URL, TokenEnv and StoreID say how to reach the API (with API).
	URL, TokenEnv, StoreID string
	// Force overwrites an existing config.
	Force bool
	// Columns map canonical fields to headers the auto-mapping missed.
	Columns map[string]string
}

func (r *InitRequest) run(ctx context.Context, s *Session) error {
	out := s.Config
	if _, err := os.Stat(out); err == nil && !r.Force {
		return fmt.Errorf("%s already exists; pass --force to overwrite it, or -c to write another file", out)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	dir, err := filepath.Abs(filepath.Dir(out))
	if err != nil {
		return err
	}
	for field := range r.Columns {
		if !slices.Contains(config.CanonicalFields, field) {
			return fmt.Errorf("--column %s=…: %q is not a canonical field; use one of %s", field, field, strings.Join(config.CanonicalFields, ", "))
		}
	}
	src, from, err := r.source(s, dir)
	if err != nil {
		return err
	}
	text, stats, err := scaffold.Config(ctx, src, from, r.Columns)
	s.View.Done()
	if err != nil {
		if strings.Contains(err.Error(), "no column holds the license key") {
			return fmt.Errorf("%w\nTell init which column it is: licentric-sync init --platform %s --column key=\"<header>\" %s", err, r.Platform, r.Export)
		}
		return err
	}
	if _, err := registry.Default().Config().Parse(out, text); err != nil && len(stats.Open) == 0 {
		return fmt.Errorf("the generated config does not validate (a bug; please report it): %w", err)
	}
	done := Scaffolded{File: out, Stats: stats, From: from}
	if done.Ignored, err = writeScaffold(out, text); err != nil {
		return err
	}
	done.IgnoreFile = filepath.Join(filepath.Dir(out), gitignore.FileName)
	return s.View.Render(done)
}

// writeScaffold writes the config, the schema editors check it against
// (VS Code's YAML extension, JetBrains IDEs) and the .gitignore lines
// that keep keys out of Git; it returns the lines added. It writes all
// or nothing: a link to nothing at either path is refused before any
// write, and a config write that fails puts the schema back as it was
// (removed when init made it), so a refused init leaves no schema.
func writeScaffold(out string, text []byte) ([]string, error) {
	dir := filepath.Dir(out)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	schemaFile := filepath.Join(dir, schemaFileName)
	for _, p := range []string{out, schemaFile} {
		if _, err := privfile.Target(p); err != nil {
			return nil, err
		}
	}
	restore, err := schemaRestore(schemaFile)
	if err != nil {
		return nil, err
	}
	if err := writeShared(schemaFile, schemas.ConfigJSON); err != nil {
		return nil, err
	}
	text = append([]byte("# yaml-language-server: $schema=./"+schemaFileName+"\n"), text...)
	if err := writeShared(out, text); err != nil {
		if rerr := restore(); rerr != nil {
			return nil, fmt.Errorf("%w (and %s could not be put back: %v)", err, schemaFile, rerr)
		}
		return nil, err
	}
	return gitignore.Ensure(dir)
}

// maxSchemaBytes bounds the schema file init may have to put back: ours
// is a few kilobytes.
const maxSchemaBytes = 1 << 20

// schemaRestore returns what puts the schema file at path back as it is
// now, should the config write after it fail: removes it when there is
// none, writes its bytes back otherwise.
func schemaRestore(path string) (func() error, error) {
	old, err := smallfile.Read(path, maxSchemaBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return func() error { return os.Remove(path) }, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w; remove it or move it aside, init writes a new one", err)
	}
	return func() error { return writeShared(path, old) }, nil
}

// writeShared writes a file meant for Git (0644) as every file a user
// names is written: whole, and through a symbolic link (privfile).
func writeShared(path string, data []byte) error {
	return privfile.WriteMode(path, 0o644, func(w io.Writer) error { _, err := w.Write(data); return err })
}

// source is the source init reads: the export, or the live API.
func (r *InitRequest) source(s *Session, dir string) (providers.Source, scaffold.From, error) {
	switch {
	case r.API && r.Export != "":
		return nil, scaffold.From{}, fmt.Errorf("give an EXPORT or --api, not both")
	case !r.API && r.Export == "":
		return nil, scaffold.From{}, fmt.Errorf("init needs an EXPORT file to start from, or --api to read the live account")
	}
	p, ok := registry.Default().Lookup(r.Platform)
	if !ok {
		return nil, scaffold.From{}, fmt.Errorf("--platform %s: there is no such platform; use one of %s", r.Platform, strings.Join(Platforms(), ", "))
	}
	if !r.API {
		return r.exportSource(p, dir)
	}
	api := &config.API{URL: strings.TrimRight(r.URL, "/"), TokenEnv: r.TokenEnv, StoreID: r.StoreID}
	if p.API != nil && api.TokenEnv == "" {
		api.TokenEnv = p.API.TokenEnv
	}
	if p.API != nil && api.URL == "" {
		api.URL = p.API.DefaultURL
	}
	if api.URL == "" {
		return nil, scaffold.From{}, fmt.Errorf("--platform %s --api needs --url%s", r.Platform, urlExample(p))
	}
	if err := httpx.CheckURL(api.URL); err != nil {
		return nil, scaffold.From{}, fmt.Errorf("--url %w", err)
	}
	src := config.Source{Name: r.Platform, Platform: r.Platform, API: api, Columns: r.Columns}
	read, err := LiveSource(src, dir, s.Getenv, s.View, s.Clock)
	return read, scaffold.From{API: api}, err
}

// exportSource is the export init reads, its path relative to the
// config's directory, refused when it looks like another platform's.
func (r *InitRequest) exportSource(p platform.Platform, dir string) (providers.Source, scaffold.From, error) {
	export, err := filepath.Abs(r.Export)
	if err != nil {
		return nil, scaffold.From{}, err
	}
	rel, err := filepath.Rel(dir, export)
	if err != nil {
		rel = export
	}
	src := config.Source{Name: r.Platform, Platform: r.Platform, Path: filepath.ToSlash(rel), Glob: export, Columns: r.Columns}
	if err := checkLooks(r.Platform, export, r.Export); err != nil {
		return nil, scaffold.From{}, err
	}
	return p.New(src, dir), scaffold.From{Path: src.Path}, nil
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

// InitHelp are init's help texts that list the platforms, from the
// registry, as kong variables for the CLI's flags: ${platforms_help}
// names them all, ${url_help} says which have no default API URL,
// ${token_envs} the token variables, ${stores} the platforms whose API
// has stores.
func InitHelp() map[string]string {
	reg := registry.Default()
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
