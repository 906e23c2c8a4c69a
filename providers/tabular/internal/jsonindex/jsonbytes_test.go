package jsonindex

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzTopMembers: the pager's cheap look at a page never hangs or
// panics on any input, and on valid JSON objects agrees with a decode.
func FuzzTopMembers(f *testing.F) {
	for _, s := range []string{`{"data":[],"links":{"next":null}}`, `{"a":1,"b":[1,2,{"c":"}"}]}`, `[1,2,3]`, `{"a":}`, `{:}`, `{"a"`, `}`, `{"a":1}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got := TopMembers(data)
		n := CountItems(data)
		if !json.Valid(data) {
			return
		}
		var obj map[string]json.RawMessage
		if json.Unmarshal(data, &obj) == nil {
			if len(got) != len(obj) {
				t.Fatalf("TopMembers found %d members, a decode %d", len(got), len(obj))
			}
			for k, v := range obj {
				if !bytes.Equal(bytes.TrimSpace(got[k]), bytes.TrimSpace(v)) {
					t.Fatalf("member %q: %s, a decode %s", k, got[k], v)
				}
			}
		}
		var arr []json.RawMessage
		if json.Unmarshal(data, &arr) == nil && n != len(arr) {
			t.Fatalf("CountItems %d, a decode %d", n, len(arr))
		}
	})
}

// FuzzPlainString holds the string fast path equal to decoding.
func FuzzPlainString(f *testing.F) {
	for _, s := range []string{`"abc"`, `"a\"b"`, `"\u00e9"`, "\"\xff\"", `"é"`, `""`, `"a`, " \"x\" ", "\"\x01\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		got, ok := plainString(v)
		if !ok {
			return
		}
		var want string
		if err := json.Unmarshal(v, &want); err != nil {
			t.Fatalf("fast path accepted %q, which does not decode: %v", v, err)
		}
		if got != want {
			t.Fatalf("fast path %q, decode %q", got, want)
		}
	})
}
