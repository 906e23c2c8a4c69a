package config

import (
	"encoding/json"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/schemas"
)

const valid = `version: 1
products:
  - code: desktop-pro
    name: Desktop Pro
    key_prefix: DSK
policies:
  - id: pro-annual
    product: desktop-pro
    name: Pro (Annual)
    max_machines: 3
    duration_days: 365
    expiration_strategy: ALLOW_ACCESS
    require_fingerprint: false
  - id: lifetime
    product: desktop-pro
    name: Lifetime
    max_machines: unlimited
sources:
  - name: keygen-prod
    platform: keygen
    path: exports/keygen.csv
    columns: { email: "Owner Email" }
    rules:
      - match: { policy: "Pro (Annual)" }
        policy: pro-annual
      - policy: lifetime
    statuses: { Disabled: revoked }
    metadata: { migratedFrom: keygen, since: 2025-01-01 }
options:
  prune: true
  safety:
    licenses: { update: { max_percent: 30 }, revoke: { max_count: 0 } }
`

func TestParseValid(t *testing.T) {
	cfg, err := parseSchemaOnly("/work/proj/licentric.yaml", []byte(valid))
	if err != nil {
		t.Fatalf("valid config refused: %v", err)
	}
	d := 365
	want := []license.Policy{
		{ID: "pro-annual", Product: "desktop-pro", Name: "Pro (Annual)", MaxMachines: 3, DurationDays: &d,
			Fields: map[string]string{"expirationStrategy": `"ALLOW_ACCESS"`, "requireFingerprint": "false"}},
		{ID: "lifetime", Product: "desktop-pro", Name: "Lifetime", MaxMachines: license.Unlimited},
	}
	if diff := cmp.Diff(want, cfg.Policies); diff != "" {
		t.Errorf("policies (-want +got):\n%s", diff)
	}
	src := cfg.Sources[0]
	if src.Glob != filepath.FromSlash("/work/proj/exports/keygen.csv") {
		t.Errorf("paths are relative to the config file: got %s", src.Glob)
	}
	if src.Statuses["disabled"] != license.Revoked || src.Metadata["since"] != "2025-01-01" {
		t.Errorf("statuses %v, metadata %v (an unquoted date stays text)", src.Statuses, src.Metadata)
	}
	if cfg.Target.Local.Path != filepath.FromSlash("/work/proj/.licentric/state.db") || cfg.Options.OnConflict != "fail" {
		t.Errorf("defaults: target %+v, on_conflict %q", cfg.Target.Local, cfg.Options.OnConflict)
	}
	if *cfg.Options.Safety["licenses"]["update"].MaxPercent != 30 {
		t.Errorf("safety not read: %+v", cfg.Options.Safety)
	}
}

// TestLicentricRecheck: each write re-checks its license unless the
// config says recheck: false.
func TestLicentricRecheck(t *testing.T) {
	for _, c := range []struct {
		line string
		want bool
	}{{"", true}, {"    recheck: true\n", true}, {"    recheck: false\n", false}} {
		doc := strings.Replace(valid, "products:", "target:\n  licentric:\n    url: https://licentric.example/api/v1\n"+c.line+"products:", 1)
		cfg, err := parseSchemaOnly("/work/proj/licentric.yaml", []byte(doc))
		if err != nil {
			t.Fatalf("%q: %v", c.line, err)
		}
		if got := cfg.Target.Licentric.Recheck; got != c.want {
			t.Errorf("%q: recheck %v, want %v", c.line, got, c.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := map[string]struct {
		yaml string
		want []string
	}{
		"wrong version and unknown key": {
			yaml: "version: 2\nprodcts: []\n",
			want: []string{"f.yaml:1:10: version: must be 1", `f.yaml:2:1: unknown key "prodcts" in the top level: check its spelling (docs/config.md lists every key)`},
		},
		"missing required and wrong type": {
			yaml: "version: 1\nproducts:\n  - name: 5\n",
			want: []string{`f.yaml:3:5: products[0] is missing required key "code"`, "f.yaml:3:11: products[0].name: must be string (got number)"},
		},
		"yaml syntax": {
			yaml: "version: 1\nproducts: [\n",
			want: []string{"f.yaml:2: YAML syntax: did not find expected node content"},
		},
		"bad enum": {
			yaml: "version: 1\nsources:\n  - {name: a, platform: gumroad, path: x}\n",
			want: []string{`f.yaml:3:25: sources[0].platform: must be one of "keygen", "cryptlex", "lemonsqueezy", "csv"`},
		},
		"unknown rule policy and duplicate source": {
			yaml: "version: 1\nsources:\n  - {name: a, platform: csv, path: x, rules: [{policy: nope}]}\n  - {name: a, platform: csv, path: y}\n",
			want: []string{`f.yaml:3:56: rule names policy "nope", which is not under policies:; add it there or fix the id`,
				`f.yaml:4:12: duplicate source name "a": each source needs its own name`},
		},
		"empty file": {yaml: "", want: []string{"f.yaml:1:1: the file is empty; it needs at least `version: 1`"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := parseSchemaOnly("f.yaml", []byte(tc.yaml))
			ds, ok := err.(Diagnostics)
			if !ok {
				t.Fatalf("got %v (%T), want Diagnostics", err, err)
			}
			var got []string
			for _, d := range ds {
				got = append(got, d.String())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestSchemaFieldsAreCanonicalFields ties the JSON Schema's field enum
// (what editors and the validator accept) to config.CanonicalFields.
func TestSchemaFieldsAreCanonicalFields(t *testing.T) {
	var doc struct {
		Defs struct {
			Field struct {
				Enum []string `json:"enum"`
			} `json:"field"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(schemas.ConfigJSON, &doc); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(CanonicalFields, doc.Defs.Field.Enum); diff != "" {
		t.Fatalf("schema field enum differs from CanonicalFields (-go +schema):\n%s", diff)
	}
}

// TestAliasBombsAreRefused: a cyclic alias and a billion-laughs chain are
// located errors at once, not minutes of expansion and gigabytes.
func TestAliasBombsAreRefused(t *testing.T) {
	laughs := "version: 1\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		laughs += name + ": &" + name + " [" + strings.Repeat("*"+prev+",", 8) + "*" + prev + "]\n"
		prev = name
	}
	for name, tc := range map[string]struct{ yaml, want string }{
		"cycle":          {"version: 1\na: &a [*a]\n", "licentric.yaml:2:8: YAML aliases: alias *a refers to a node that contains it"},
		"billion laughs": {laughs, "YAML aliases: with its aliases expanded the config exceeds"},
	} {
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := parseSchemaOnly("licentric.yaml", []byte(tc.yaml))
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
			// Expanded, the laughs are gigabytes; refused, a few kilobytes.
			if n := after.TotalAlloc - before.TotalAlloc; n > 64<<20 {
				t.Fatalf("refusing allocated %d MiB: the aliases were expanded", n>>20)
			}
		})
	}
	if _, err := parseSchemaOnly("licentric.yaml", []byte("version: 1\nproducts: [&p {code: app, name: App}]\npolicies: [{id: pro, product: app, name: Pro, max_machines: 1}]\n")); err != nil {
		t.Fatalf("a plain anchor is fine: %v", err)
	}
}

// FuzzParse: no config text makes the loader panic or run away.
func FuzzParse(f *testing.F) {
	f.Add([]byte("version: 1\nproducts: [{code: app, name: App}]\npolicies: [{id: pro, product: app, name: Pro, max_machines: 1}]\n" +
		"sources: [{name: s, platform: csv, path: x.csv, rules: [{policy: pro}]}]\n"))
	f.Add([]byte("version: 1\na: &a [*a]\n"))
	f.Add([]byte("version: 1\nx: &x {a: 1}\ny: *x\n"))
	f.Add([]byte("{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = parseSchemaOnly("licentric.yaml", data)
	})
}

// TestBigNumbers: big_numbers: is read per source, defaults to "" (the
// mapping's error), and a value outside the three is refused by name.
func TestBigNumbers(t *testing.T) {
	cfg, err := parseSchemaOnly("f.yaml", []byte("version: 1\nsources:\n  - {name: a, platform: csv, path: x, big_numbers: string}\n  - {name: b, platform: csv, path: y}\n"))
	if err != nil || cfg.Sources[0].BigNumbers != BigNumbersString || cfg.Sources[1].BigNumbers != "" {
		t.Fatalf("big_numbers: %v %+v", err, cfg)
	}
	_, err = parseSchemaOnly("f.yaml", []byte("version: 1\nsources:\n  - {name: a, platform: csv, path: x, big_numbers: floor}\n"))
	if err == nil || !strings.Contains(err.Error(), `sources[0].big_numbers: must be one of "error", "string", "round"`) {
		t.Fatalf("big_numbers: floor: %v", err)
	}
}

// parseSchemaOnly validates config bytes knowing only the platform names
// the embedded schema lists and none of their API rules, as this
// package's tests need no platform registry.
func parseSchemaOnly(file string, data []byte) (*Config, error) { return parse(file, data, nil) }
