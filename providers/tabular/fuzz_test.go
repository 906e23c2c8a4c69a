package tabular

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// FuzzRead feeds arbitrary bytes to the shared reading layer: encoding
// and format detection, delimiter sniffing, CSV rows with positions, JSON
// items with lines, and header matching. Nothing may panic or hang.
func FuzzRead(f *testing.F) {
	for _, seed := range []string{
		"\ufeffkey;email\r\nA;a@example.com\r\n",
		"key,note\n\"A,1\",\"multi\nline\"\n",
		"\xff\xfek\x00e\x00y\x00\n\x00",
		`{"data": [{"type": "licenses", "attributes": {"key": "A"}}], "included": []}`,
		`[{"key": "A", "user": {"email": "a@example.com"}, "metadata": [{"key": "k", "value": "v"}]}]`,
		"key\n\"unterminated",
		"[1, 2",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "x")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		o, err := OpenFile(path, "x")
		if err != nil {
			return
		}
		defer o.Close()
		if o.Format == JSON {
			if doc, err := readJSONDoc(o); err == nil {
				for _, it := range doc.Items {
					raw, _ := doc.Load(it)
					if keys, _, err := Flatten(raw); err == nil {
						NewColumns(keys).Find([]string{"key"})
					}
				}
				_, _ = indexIncluded(doc)
			}
			return
		}
		cr, err := NewCSV(o)
		if err != nil {
			return
		}
		NewColumns(cr.Header).Find([]string{"useremail", "email"})
		for i := 0; i < 10000; i++ {
			_, line, err := cr.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				return
			}
			if line < 2 {
				t.Fatalf("a data row on line %d", line)
			}
		}
	})
}

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
