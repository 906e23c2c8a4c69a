package view

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestIndentShallowMatchesIndent: within maxIndentDepth levels the
// output is json.MarshalIndent's, byte for byte.
func TestIndentShallowMatchesIndent(t *testing.T) {
	for _, v := range []any{
		map[string]any{"a": 1, "b": []any{}, "c": map[string]any{}, "d": []any{1, "x,\"]:{", map[string]any{"e": nil}}},
		[]any{}, "s", map[string]any{"k": `a\"b`},
	} {
		want, _ := json.MarshalIndent(v, "  ", "  ")
		compact, _ := json.Marshal(v)
		var got bytes.Buffer
		indentShallow(&got, compact, "  ", "  ")
		if got.String() != string(want) {
			t.Errorf("indentShallow(%s):\n%s\nwant\n%s", compact, got.String(), want)
		}
	}
}

// TestDeepMetadataStaysSmall: deeply nested metadata prints as about
// its own size (indented whole, 18 KB of it is 160 MB).
func TestDeepMetadataStaysSmall(t *testing.T) {
	deep := strings.Repeat("[", 9_000) + strings.Repeat("]", 9_000) // encoding/json nests at most 10,000 deep
	row, err := json.Marshal(map[string]json.RawMessage{"metadata": json.RawMessage(deep)})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	indentShallow(&out, row, "  ", "  ")
	if out.Len() > 2*len(row) {
		t.Errorf("a %d-byte row printed as %d bytes", len(row), out.Len())
	}
	if !json.Valid(out.Bytes()) {
		t.Error("the output is not JSON")
	}
}
