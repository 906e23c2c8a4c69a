package cryptlex_test

import (
	"testing"

	"github.com/licentric/licentric-sync/providers/cryptlex"
	"github.com/licentric/licentric-sync/providers/readertest"
)

func TestGolden(t *testing.T) {
	for _, name := range []string{"v3.json", "v2-dashboard.csv", "v3-camel.csv",
		"single-object.json", "json-lines.jsonl", "webhook-envelope.json", "error-document.json", "not-licenses.json"} {
		t.Run(name, func(t *testing.T) { readertest.Golden(t, cryptlex.New, "cryptlex", name) })
	}
}

func FuzzCryptlex(f *testing.F) { readertest.Fuzz(f, cryptlex.New, "cryptlex") }
