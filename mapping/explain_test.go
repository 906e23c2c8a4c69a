package mapping

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
)

func ref(k string) string { return license.Key(k).Ref() }

// TestExplainRefusesAmbiguousReferences: a reference prefix shared by two
// keys is an error that counts them, never one picked silently; the full
// reference, an older 8-digit one and the raw key each find the license.
func TestExplainRefusesAmbiguousReferences(t *testing.T) {
	// two keys whose references share their first 4 hex digits
	byPrefix := map[string]string{}
	var a, b string
	for i := 0; a == ""; i++ {
		k := fmt.Sprintf("KEY-%06d", i)
		p := ref(k)[:len("key:")+MinRefDigits]
		if other, ok := byPrefix[p]; ok {
			a, b = other, k
		}
		byPrefix[p] = k
	}
	src := &fakeSource{name: "src", platform: "csv", recs: []*providers.Record{
		rec(2, "key", a, "status", "active"), rec(3, "key", b, "status", "active"), rec(4, "key", a, "status", "active")}}
	cfg := testConfig("csv", []config.Rule{{Policy: "yearly", Line: 1}}, nil)
	explain := func(ref string) (string, error) {
		ex, err := Explain(context.Background(), cfg, []providers.Source{src}, ref, now)
		if err != nil {
			return "", err
		}
		return fmt.Sprint(ex.Origin.Line), nil
	}
	prefix := ref(a)[:len("key:")+MinRefDigits]
	if _, err := explain(prefix); err == nil || !strings.Contains(err.Error(), "matches 2 license keys; give more of the reference") {
		t.Fatalf("an ambiguous prefix: %v", err)
	}
	for _, r := range []string{ref(b), ref(b)[:len("key:")+8], b} {
		if line, err := explain(r); err != nil || line != "3" {
			t.Errorf("explain %s: line %s, %v; want the row at line 3", r, line, err)
		}
	}
	if _, err := explain("key:ab"); err == nil || !strings.Contains(err.Error(), "at least 4 hex digits") {
		t.Fatalf("a 2-digit reference: %v", err)
	}
}
