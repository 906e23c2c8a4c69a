package engine

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRequiredVersion: a release outside required_version is refused at
// the constraint's position before anything is read; a release inside
// runs quietly; a development build runs with a warning.
func TestRequiredVersion(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "licentric.yaml")
	write(t, cfg, "version: 1\nrequired_version: \">= 0.3, < 1.0\"\nproducts: [{code: app, name: App}]\n")
	_, err := Load(cfg, time.Now(), "v0.2.0")
	if err == nil || !strings.Contains(err.Error(), `licentric.yaml:2:19: required_version ">= 0.3, < 1.0" excludes this licentric-sync v0.2.0`) {
		t.Fatalf("v0.2.0 against >= 0.3: %v", err)
	}
	eng, err := Load(cfg, time.Now(), "v0.3.1")
	if err != nil || eng.VersionWarning != "" {
		t.Fatalf("v0.3.1: %v, warning %q", err, eng.VersionWarning)
	}
	eng, err = Load(cfg, time.Now(), "dev-0123abcd")
	if err != nil || !strings.Contains(eng.VersionWarning, "this development build (dev-0123abcd) cannot be compared") {
		t.Fatalf("a dev build: %v, warning %q", err, eng.VersionWarning)
	}
}
