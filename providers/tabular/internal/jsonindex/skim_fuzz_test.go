package jsonindex

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/licentric/licentric-sync/license"
)

var skimSeeds = []string{
	`{"id":"lic-1","type":"licenses","attributes":{"key":"A","metadata":{"b":1,"a":"x"}},"relationships":{"owner":{"data":{"type":"users","id":"u1"}}}}`,
	`{"id":"1","ID":"2","type":"licenses"}`,
	`{"id":"1","id":"2"}`,
	`{"Type":"users","id":"u"}`,
	`{"\u0069d":"x","type":"t"}`,
	`{"id":null,"type":"t","attributes":null,"relationships":null}`,
	`{"id":5,"type":"t"}`,
	`{"id":"a","type":"t","attributes":[1]}`,
	`{"id":"\u00e9","type":"t","attributes":{"k":"v","k":"w"}}`,
	"{\"id\":\"\xff\",\"type\":\"t\"}",
	`{"ſd":"x","type":"t"}`,
	`{"id":"a","attributes":{"a":{"b":[1,2]}}} `,
	`{"relationships":{"owner":{"data":null},"user":{"Data":{"type":"users","id":"1"}},"policy":{"data":{"type":"p","id":"1","id":"2"}}}}`,
	`[1]`, `{"id":"a"`, `"x"`,
}

// FuzzSkimResource holds reading a resource in place equal to decoding
// it: the same id, type, attributes and relationships, and each
// relationship's linkage the same as a decode of it.
func FuzzSkimResource(f *testing.F) {
	for _, s := range skimSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		fast, ok := skimResource(raw, "", "")
		plain, err := decodeResource(raw)
		if err == nil {
			as, ok := decodeAs(raw, plain.Type, plain.ID)
			if diff := cmp.Diff(plain, as, cmp.AllowUnexported(Resource{})); !ok || diff != "" {
				t.Fatalf("decodeAs(%q) = %v (-decode +decodeAs):\n%s", raw, ok, diff)
			}
			checkAttrs(t, &plain)
		}
		if !ok {
			return
		}
		if err != nil {
			t.Fatalf("skimmed %q, which does not decode: %v", raw, err)
		}
		if diff := cmp.Diff(plain, fast, cmp.AllowUnexported(Resource{})); diff != "" {
			t.Fatalf("skim vs decode of %q (-decode +skim):\n%s", raw, diff)
		}
		var attrs map[string]json.RawMessage
		_ = json.Unmarshal(fast.attrs, &attrs)
		for name := range attrs { // cells of a skimmed resource are the cells of a decoded one
			got, _ := fast.Attr(name)
			if want, _ := plain.Attr(name); got != want {
				t.Fatalf("Attr(%q) of %q skimmed = %q, want %q", name, raw, got, want)
			}
		}
		var rels map[string]json.RawMessage
		if json.Unmarshal(fast.rels, &rels) != nil {
			return
		}
		for name, rel := range rels {
			typ, id, ok, err := fast.Related(name)
			var want struct {
				Data *struct {
					Type string `json:"type"`
					ID   string `json:"id"`
				} `json:"data"`
			}
			wantErr := json.Unmarshal(rel, &want) != nil
			wantOK := !wantErr && want.Data != nil
			if ok != wantOK || (err != nil) != wantErr || ok && (typ != want.Data.Type || id != want.Data.ID) {
				t.Fatalf("Related(%q) of %q = %q, %q, %v, %v; a decode gives %+v", name, raw, typ, id, ok, err, want.Data)
			}
		}
	})
}

// checkAttrs holds the attributes found in one pass (Attrs) and
// rendered with Text equal to each looked up alone (Attr).
func checkAttrs(t *testing.T, r *Resource) {
	var attrs map[string]json.RawMessage
	if json.Unmarshal(r.attrs, &attrs) != nil {
		return
	}
	names := slices.Sorted(maps.Keys(attrs))
	vals := make([]json.RawMessage, len(names))
	r.Attrs(names, vals)
	for i, name := range names {
		cell, _ := r.Attr(name)
		if got := r.Text(name, vals[i]); got != cell || IsNull(vals[i]) != (firstByte(attrs[name]) == 'n') {
			t.Fatalf("attribute %q: Text %q from Attrs, Attr %q", name, got, cell)
		}
	}
}

// FuzzLookup holds finding a member in place equal to decoding the
// object into a map: every key finds its (last) value.
func FuzzLookup(f *testing.F) {
	for _, s := range skimSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, obj []byte) {
		var m map[string]json.RawMessage
		if json.Unmarshal(obj, &m) != nil || m == nil {
			return
		}
		obj = bytes.TrimSpace(obj)
		for k, v := range m {
			got, ok := lookup(obj, k)
			if !ok || !bytes.Equal(got, v) {
				t.Fatalf("lookup(%q, %q) = %q, %v; a decode gives %q", obj, k, got, ok, v)
			}
		}
		if _, ok := lookup(obj, "\x00absent"); ok && m["\x00absent"] == nil {
			t.Fatalf("lookup found a key the object does not have")
		}
		names := append(slices.Sorted(maps.Keys(m)), "\x00absent")
		all := make([]json.RawMessage, len(names))
		lookupAll(obj, names, all)
		for i, name := range names { // one pass finds what a lookup per name finds
			if one, _ := lookup(obj, name); !bytes.Equal(all[i], one) || (all[i] == nil) != (one == nil) {
				t.Fatalf("lookupAll(%q)[%q] = %q; lookup gives %q", obj, name, all[i], one)
			}
		}
	})
}

// FuzzSkimTypeID holds the included-resource probe equal to a decode.
func FuzzSkimTypeID(f *testing.F) {
	for _, s := range skimSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !json.Valid(raw) {
			return // the skim reads items their document's read validated
		}
		typ, id, ok := skimTypeID(raw)
		if !ok {
			return
		}
		var probe struct {
			Type string `json:"type"`
			ID   string `json:"id"`
		}
		if err := json.Unmarshal(raw, &probe); err != nil {
			t.Fatalf("skimmed %q, which does not decode: %v", raw, err)
		}
		if string(typ) != probe.Type || string(id) != probe.ID {
			t.Fatalf("skim of %q: %q/%q; a decode: %q/%q", raw, typ, id, probe.Type, probe.ID)
		}
	})
}

// FuzzRawScalar holds rendering a JSON value as a cell equal to decoding
// it and rendering the decoded value (the plain path, before any fast
// one).
func FuzzRawScalar(f *testing.F) {
	for _, s := range []string{`{"a":1,"b":"x"}`, `{"b":1,"a":2}`, `{"a":"<b>"}`, `{"a":1.0}`, `{"a":1e2}`, `{}`, `[]`,
		`{"a":"\u00e9"}`, `{"a":{"b":null}}`, `"x"`, `12`, `true`, `null`, `{"a":-0}`, `{"a":1234567890123456789}`,
		`"\ud800"`, "\"\xff\"", `{"a":"\udc00"}`, "[\"\xfe\"]"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		if !json.Valid(v) {
			return // RawScalar renders values a decode has validated
		}
		dec := json.NewDecoder(bytes.NewReader(v))
		dec.UseNumber()
		var x any
		if dec.Decode(&x) != nil || dec.More() {
			return
		}
		if license.JSONTextProblem(string(v)) != "" {
			// a decode replaces such text with U+FFFD; RawScalar keeps it
			// (not UTF-8, or as written) for the mapping to refuse
			if got := RawScalar(v); utf8.ValidString(got) && license.JSONTextProblem(got) == "" {
				t.Fatalf("RawScalar(%q) = %q hides text that is not UTF-8", v, got)
			}
			return
		}
		if got, want := RawScalar(v), Scalar(x); got != want {
			t.Fatalf("RawScalar(%q) = %q; decoding and Scalar give %q", v, got, want)
		}
		if s, ok := license.CompactPlainObject(v, true); ok && s != Scalar(x) {
			t.Fatalf("CompactPlainObject(%q) = %q; json.Marshal prints %q", v, s, Scalar(x))
		}
	})
}
