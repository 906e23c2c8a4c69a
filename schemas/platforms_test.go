package schemas

import (
	"bytes"
	"strings"
	"testing"
)

// TestWithPlatforms: the enum is rewritten in place, the rest of the
// schema byte for byte, and the compiled schema validates against it.
func TestWithPlatforms(t *testing.T) {
	names, err := ConfigPlatforms()
	if err != nil {
		t.Fatal(err)
	}
	same, err := WithPlatforms(ConfigJSON, names)
	if err != nil || !bytes.Equal(same, ConfigJSON) {
		t.Fatalf("rewriting the enum with its own names changed the schema (err %v)", err)
	}
	other, err := WithPlatforms(ConfigJSON, []string{"alpha", "beta"})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(other, []byte(`"platform": {"enum": ["alpha", "beta"]}`)) {
		t.Errorf("rewritten enum not found in:\n%s", other)
	}
	if _, err := WithPlatforms([]byte(`{"type": "object"}`), names); err == nil {
		t.Error("a schema without the enum was rewritten")
	}
	sch, err := ConfigFor([]string{"alpha", "beta"})
	if err != nil {
		t.Fatal(err)
	}
	doc := func(platform string) any {
		return map[string]any{"version": 1, "sources": []any{map[string]any{"name": "s", "platform": platform, "path": "x.csv"}}}
	}
	if err := sch.Validate(doc("beta")); err != nil {
		t.Errorf("beta refused: %v", err)
	}
	err = sch.Validate(doc(names[0]))
	if err == nil || !strings.Contains(err.Error(), "alpha") {
		t.Errorf("%s accepted by a schema listing alpha and beta: %v", names[0], err)
	}
	again, _ := ConfigFor([]string{"alpha", "beta"})
	if again != sch {
		t.Error("the same list compiled twice")
	}
}
