package jsonindex

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/licentric/licentric-sync/license"
)

// FuzzExactString holds exactString to encoding/json: the same strings
// refused, the same text for every string whose text is exact, and text
// that is not UTF-8 exactly where a decode would have replaced some.
func FuzzExactString(f *testing.F) {
	for _, s := range []string{`"abc"`, `"a\"b\\c\/d\b\f\n\r\t"`, `"\u00e9"`, "\"\xff\"", `"\ud800"`, `"\udc00\ud800"`,
		`"\ud83d\ude00"`, `"\ud83d\u0041"`, `"\ud83d\ud83d\ude00"`, `"\u12"`, `"a`, "\"\x01\"", ` "x" `, `"\\ud800"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		got, ok := exactString(v)
		var want string
		err := json.Unmarshal(v, &want)
		if ok != (err == nil) {
			t.Fatalf("exactString(%q) ok %v; a decode: %v", v, ok, err)
		}
		if !ok {
			return
		}
		problem := license.JSONTextProblem(string(v))
		switch {
		case problem == "" && got != want:
			t.Fatalf("exactString(%q) = %q; a decode %q", v, got, want)
		case problem == "" && !utf8.ValidString(got):
			t.Fatalf("exactString(%q) = %q is not UTF-8, and JSONTextProblem sees nothing", v, got)
		case problem != "" && utf8.ValidString(got):
			t.Fatalf("exactString(%q) = %q is UTF-8, though %s", v, got, problem)
		}
	})
}
