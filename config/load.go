package config

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/licentric/licentric-sync/smallfile"

	"github.com/licentric/licentric-sync/schemas"
)

// DefaultFile is the config path used when -c is not given.
const DefaultFile = "licentric.yaml"

// DefaultStorePath is the local store's path relative to the config.
const DefaultStorePath = ".licentric/state.db"

// MaxConfigBytes bounds a config file (a few KiB with hundreds of
// rules): -c /dev/zero, or a log named by mistake, fails at once.
const MaxConfigBytes = 8 << 20

// load reads and validates a config file against the platforms ps.
func load(file string, ps Platforms) (*Config, error) {
	data, err := smallfile.Read(file, MaxConfigBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: no such file; write one with `licentric-sync init --platform P EXPORT` or pass -c FILE", file)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return parse(file, data, ps)
}

// parse validates config bytes against the platforms ps; nil: the
// embedded schema's names and no API rules.
func parse(file string, data []byte, ps Platforms) (*Config, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, Diagnostics{yamlDiagnostic(file, err)}
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return nil, Diagnostics{{file, 1, 1, "the file is empty; it needs at least `version: 1`"}}
	}
	if err := checkAliases(file, &root); err != nil {
		return nil, err
	}
	loc := newLocated()
	value := loc.convert(&root, "")
	sch, err := schemaFor(ps)
	if err != nil {
		return nil, err
	}
	var ds Diagnostics
	if err := sch.Validate(value); err != nil {
		ds = schemaDiagnostics(file, err, loc)
	}
	// Decode even when the schema failed, so cross-reference problems are
	// reported in the same run; yaml.v3 fills every field it can.
	var raw rawConfig
	var typeErr *yaml.TypeError
	if err := root.Decode(&raw); err != nil && !errors.As(err, &typeErr) {
		return nil, Diagnostics{yamlDiagnostic(file, err)}
	}
	cfg, more := build(file, &raw, loc, ps)
	ds = append(ds, more...)
	if len(ds) > 0 {
		ds.Sort()
		return nil, ds
	}
	return cfg, nil
}

var yamlLine = regexp.MustCompile(`^yaml: (?:unmarshal errors:\n\s*)?line (\d+): (.*)$`)

func yamlDiagnostic(file string, err error) Diagnostic {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return Diagnostic{file, line, 0, "YAML syntax: " + m[2]}
	}
	return Diagnostic{file, 0, 0, "YAML syntax: " + err.Error()}
}

func dirOf(file string) string {
	abs, err := filepath.Abs(file)
	if err != nil {
		return filepath.Dir(file)
	}
	return filepath.Dir(abs)
}

// schemaFor is the config schema whose platform enum is ps's names.
func schemaFor(ps Platforms) (*jsonschema.Schema, error) {
	if ps == nil {
		return schemas.Config()
	}
	return schemas.ConfigFor(ps.Names())
}
