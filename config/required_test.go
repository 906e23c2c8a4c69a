package config

import (
	"strings"
	"testing"
)

func TestRequiredVersion(t *testing.T) {
	for _, tc := range []struct {
		constraint, version string
		ok, dev             bool
	}{
		{">= 0.3, < 1.0", "v0.3.0", true, false},
		{">= 0.3, < 1.0", "v0.9.12", true, false},
		{">= 0.3, < 1.0", "v0.2.0", false, false},
		{">= 0.3, < 1.0", "v1.0.0", false, false},
		{">= 0.3, < 1.0", "0.4.1", true, false}, // -ldflags may omit the v
		{">= 0.3", "v0.3.0-rc.1", false, false}, // a pre-release sorts before its release
		{"0.3.1", "v0.3.1", true, false},
		{"= 0.3.1", "v0.3.2", false, false},
		{"!= 0.3.1", "v0.3.2", true, false},
		{"> 0.3.1", "v0.3.1", false, false},
		{"<= 0.3.1", "v0.3.1", true, false},
		{"~> 0.3", "v0.9.0", true, false},
		{"~> 0.3", "v1.0.0", false, false},
		{"~> 0.3.1", "v0.3.9", true, false},
		{"~> 0.3.1", "v0.4.0", false, false},
		{"~> 0.3.1", "v0.3.0", false, false},
		{">= 0.3", "dev", true, true},
		{">= 0.3", "dev-0123abcd+dirty", true, true},
		{">= 0.3", "v0.0.0-20261203080000-0123456789ab", true, true}, // go install of a commit
		{"", "v0.1.0", true, false},
	} {
		rv, err := ParseRequiredVersion(tc.constraint)
		if tc.constraint == "" {
			rv, err = RequiredVersion{}, nil
		}
		if err != nil {
			t.Fatalf("%q: %v", tc.constraint, err)
		}
		if ok, dev := rv.Allows(tc.version); ok != tc.ok || dev != tc.dev {
			t.Errorf("%q allows %s: ok %v dev %v, want %v %v", tc.constraint, tc.version, ok, dev, tc.ok, tc.dev)
		}
	}
}

func TestRequiredVersionRefusesNonsense(t *testing.T) {
	for _, bad := range []string{">= three", ">=", "0.3,", "=> 0.3", "1.2.3.4"} {
		if _, err := ParseRequiredVersion(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// TestRequiredVersionLocated: a constraint that cannot be read is a config
// error at its line and column; a good one keeps its position for the
// engine's refusal.
func TestRequiredVersionLocated(t *testing.T) {
	path := "licentric.yaml"
	body := "version: 1\nrequired_version: \">= zero\"\nproducts: [{code: app, name: App}]\n"
	_, err := parseSchemaOnly(path, []byte(body))
	if err == nil || !strings.Contains(err.Error(), "licentric.yaml:2:19: required_version: \"zero\" is not a version") {
		t.Fatalf("got %v", err)
	}
	body = "version: 1\nrequired_version: \">= 0.3\"\nproducts: [{code: app, name: App}]\n"
	cfg, err := parseSchemaOnly(path, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if rv := cfg.RequiredVersion; rv.Line != 2 || rv.Col != 19 || rv.Text != ">= 0.3" {
		t.Fatalf("%+v", rv)
	}
}
