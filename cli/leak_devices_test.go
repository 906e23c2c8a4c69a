package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/licentric/licentric-sync/cli"
)

// devicesArchive is the device report script's Keygen dump (licenses,
// machines with fingerprints, names and hostnames, policies, products)
// written into dir; it returns the config to plan it with.
func devicesArchive(t *testing.T, dir string) string {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("..", "testdata", "script", "devices_report.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		path := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "licentric.yaml")
}

// TestDeviceReportSensitive: the plan's device report names licenses and
// fingerprints by reference in every format, and shows neither a
// machine's name nor its hostname; --show-sensitive shows the
// fingerprints Licentric would refuse and the keys, like the change
// lines' keys and emails.
func TestDeviceReportSensitive(t *testing.T) {
	cfg := devicesArchive(t, t.TempDir())
	long := strings.Repeat("F", 300)
	personal := []string{"short", long[:64], "fp-abcdefgh", "KG-1", "KG-2", "Laptop", "host-"}
	for _, format := range []string{"text", "markdown", "json"} {
		var out, errs bytes.Buffer
		if code := cli.Main([]string{"-c", cfg, "plan", "--format", format}, &out, &errs); code != 0 {
			t.Fatalf("plan --format %s: exit %d: %s", format, code, errs.String())
		}
		text := out.String() + errs.String()
		if !strings.Contains(text, "has a fingerprint of 5 characters") {
			t.Fatalf("plan --format %s shows no device report:\n%s", format, text)
		}
		for _, s := range personal {
			if strings.Contains(text, s) {
				t.Errorf("plan --format %s shows %q without --show-sensitive", format, s)
			}
		}
		out.Reset()
		errs.Reset()
		cli.Main([]string{"-c", cfg, "plan", "--format", format, "--show-sensitive"}, &out, &errs)
		shown := out.String()
		for _, s := range []string{"short", long, "KG-1"} {
			if !strings.Contains(shown, s) {
				t.Errorf("plan --format %s --show-sensitive does not show %.20q", format, s)
			}
		}
		for _, s := range []string{"Laptop", "host-"} {
			if strings.Contains(shown, s) {
				t.Errorf("plan --format %s --show-sensitive shows %q, which the report never needs", format, s)
			}
		}
	}
}
