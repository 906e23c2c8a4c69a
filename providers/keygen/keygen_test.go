package keygen_test

import (
	"testing"

	"github.com/licentric/licentric-sync/providers/keygen"
	"github.com/licentric/licentric-sync/providers/readertest"
)

func TestGolden(t *testing.T) {
	for _, name := range []string{"dashboard.csv", "api-page.json", "dotted-semicolon-crlf.csv", "api-attributes.csv", "old-api-user.json",
		"single-resource.json", "incomplete-page.json", "concatenated-pages.json", "webhook-event.json", "wrong-type.json", "missing-included.json",
		"entitlements.json", "mixed-machines.json", "broken-linkage.json"} {
		t.Run(name, func(t *testing.T) { readertest.Golden(t, keygen.New, "keygen", name) })
	}
}

func FuzzKeygen(f *testing.F) { readertest.Fuzz(f, keygen.New, "keygen") }
