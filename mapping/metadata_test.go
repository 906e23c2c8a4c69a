package mapping

import (
	"testing"

	"github.com/licentric/licentric-sync/license"
)

// slowCanonical is the plain path: decode and re-encode.
func slowCanonical(cell string) (string, error) { return license.CanonicalMetadata([]byte(cell)) }

func TestFastCanonicalMatchesPlainPath(t *testing.T) {
	for cell, fast := range map[string]bool{
		`{"a":1.0}`: false, `{"a":1e2}`: false, `{"a":"\u00e9"}`: false, `{"b":1,"a":2}`: false, `{"a":{"z":1,"y":2}}`: false,
		`{"a":-0}`: false, `{"a":1234567890123456}`: false, `{"a":"x"}`: true, `{ "a" : 1 , "b" : [1] }`: false,
		`{"orderId": "O-1", "vat": true, "n": -42, "z": null}`: false, `{"n":-42,"orderId":"O-1","vat":true,"z":null}`: true,
		`{}`: true, `{"<":"&"}`: true, "{\"a\":\"\u2028\"}": false,
	} {
		got, ok := fastCanonical(cell)
		if ok != fast {
			t.Errorf("fastCanonical(%s) ok = %v, want %v", cell, ok, fast)
		}
		want, err := slowCanonical(cell)
		if ok && (err != nil || got != want) {
			t.Errorf("fastCanonical(%s) = %q, plain path %q (%v)", cell, got, want, err)
		}
	}
}

// FuzzFastCanonical holds the fast path equal to decode-and-re-encode for
// any cell it accepts.
func FuzzFastCanonical(f *testing.F) {
	for _, s := range []string{`{"a":1.0}`, `{"a":1e2}`, `{"a":"\u00e9"}`, `{"a":"x","b":2}`, `{"a":-0}`, `{"a":[1,2]}`, `{}`, `{"a":"é"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cell string) {
		got, ok := fastCanonical(cell)
		if !ok {
			return
		}
		want, err := slowCanonical(cell)
		if err != nil || got != want {
			t.Fatalf("fastCanonical(%q) = %q, plain path %q (%v)", cell, got, want, err)
		}
	})
}
