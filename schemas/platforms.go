package schemas

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// platformEnum is the config schema's list of source platforms. The
// platform registry (providers/registry) owns that list: ConfigFor
// validates against the registry's names, and a test there keeps the
// embedded file's enum equal to them (rewriting it with -update), so
// editors reading the published schema see the same list.
var platformEnum = regexp.MustCompile(`("platform": \{"enum": )\[[^\]]*\]`)

// ConfigPlatforms is the platform enum of the embedded config schema.
func ConfigPlatforms() ([]string, error) {
	m := platformEnum.FindSubmatch(ConfigJSON)
	if m == nil {
		return nil, fmt.Errorf("schemas: config.schema.json has no sources[].platform enum")
	}
	var names []string
	if err := json.Unmarshal(m[0][len(m[1]):], &names); err != nil {
		return nil, fmt.Errorf("schemas: config.schema.json: the platform enum: %w", err)
	}
	return names, nil
}

// WithPlatforms is a config schema's text with names as its platform
// enum, the rest byte for byte.
func WithPlatforms(schema []byte, names []string) ([]byte, error) {
	if !platformEnum.Match(schema) {
		return nil, fmt.Errorf("schemas: the config schema has no sources[].platform enum")
	}
	list, err := json.Marshal(names)
	if err != nil {
		return nil, err
	}
	list = []byte(strings.ReplaceAll(string(list), `","`, `", "`))
	return platformEnum.ReplaceAllFunc(schema, func(m []byte) []byte {
		head := platformEnum.FindSubmatch(m)[1]
		return append(append([]byte{}, head...), list...)
	}), nil
}

var (
	forMu    sync.Mutex
	forCache = map[string]*jsonschema.Schema{}
)

// ConfigFor is the compiled config schema whose platform enum is names:
// the registry's platforms, not a list kept by hand. Compiled once per
// list; the embedded list reuses Config.
func ConfigFor(names []string) (*jsonschema.Schema, error) {
	embedded, err := ConfigPlatforms()
	if err != nil {
		return nil, err
	}
	key := strings.Join(names, ",")
	if key == strings.Join(embedded, ",") {
		return Config()
	}
	forMu.Lock()
	defer forMu.Unlock()
	if s, ok := forCache[key]; ok {
		return s, nil
	}
	src, err := WithPlatforms(ConfigJSON, names)
	if err != nil {
		return nil, err
	}
	s, err := compile("config.schema.json", src)
	if err != nil {
		return nil, err
	}
	forCache[key] = s
	return s, nil
}
