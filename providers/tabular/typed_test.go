package tabular

import (
	"encoding/json"
	"strings"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
)

// typedAttrs mixes every kind of field decodeAttrs fills.
type typedAttrs struct {
	Key      Cell            `json:"key"`
	Max      Cell            `json:"maxMachines,omitempty"`
	Meta     Cell            `json:"metadata"`
	Count    int             `json:"count"`
	Raw      json.RawMessage `json:"raw"`
	Skipped  Cell            `json:"-"`
	Untagged Cell
	//lint:ignore U1000 an unexported field is there to show it is never filled
	hidden Cell
}

// decodeVia decodes attrs (a JSON object) into v through the door: a
// page of one license, walked with Each, decoded with License.Decode.
func decodeVia(t *testing.T, attrs string, v any) error {
	t.Helper()
	doc, err := jsonindex.ReadPage("page", []byte(`{"data":[{"type":"licenses","id":"1","attributes":`+attrs+`}]}`))
	if err != nil {
		t.Fatal(err)
	}
	var decodeErr error
	walked := 0
	err = (&Licenses{doc: doc, file: "page"}).Each("licenses", func(l *License) {
		walked++
		decodeErr = l.Decode(v)
	})
	if err != nil || walked != 1 {
		t.Fatalf("walked %d licenses, error %v; want the one", walked, err)
	}
	return decodeErr
}

func TestDecodeAttrs(t *testing.T) {
	for _, tc := range []struct {
		name, attrs string
		want        typedAttrs
		err         string
	}{
		{"absent", `{}`, typedAttrs{}, ""},
		{"null", `{"key":null,"maxMachines":null}`, typedAttrs{Key: Cell{Set: true, Null: true}, Max: Cell{Set: true, Null: true}}, ""},
		{"scalars as written", `{"key":"K\u00e9","maxMachines":5,"count":3,"Untagged":true}`,
			typedAttrs{Key: Cell{Text: "Ké", Set: true}, Max: Cell{Text: "5", Set: true}, Count: 3, Untagged: Cell{Text: "true", Set: true}}, ""},
		{"object as canonical JSON", `{"metadata":{"b":1,"a":"x"},"raw":[1, 2]}`,
			typedAttrs{Meta: Cell{Text: `{"a":"x","b":1}`, Set: true}, Raw: json.RawMessage(`[1, 2]`)}, ""},
		{"last of a name wins", `{"key":"a","key":"b"}`, typedAttrs{Key: Cell{Text: "b", Set: true}}, ""},
		{"names match exactly", `{"KEY":"a","-":"x","hidden":"y"}`, typedAttrs{}, ""},
		{"a typed field refuses a wrong type", `{"count":"three"}`, typedAttrs{}, `attribute "count": json: cannot unmarshal string`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got typedAttrs
			err := decodeVia(t, tc.attrs, &got)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(typedAttrs{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeAttrsNeedsAStructPointer(t *testing.T) {
	var s typedAttrs
	for _, v := range []any{nil, s, new(int), (*typedAttrs)(nil)} {
		if err := decodeVia(t, `{"key":"a"}`, v); err == nil {
			t.Errorf("Decode(%T) took it; want an error", v)
		}
	}
}

// A resource many licenses share renders each cell once: two licenses
// resolving one policy get the same string, not a copy each.
func TestDecodeAttrsMemo(t *testing.T) {
	const page = `{"data":[
{"type":"licenses","id":"l1","attributes":{},"relationships":{"policy":{"data":{"type":"policies","id":"p"}}}},
{"type":"licenses","id":"l2","attributes":{},"relationships":{"policy":{"data":{"type":"policies","id":"p"}}}}],
"included":[{"type":"policies","id":"p","attributes":{"name":"CLI Monthly"}}]}`
	doc, err := jsonindex.ReadPage("page", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	err = (&Licenses{doc: doc, file: "page"}).Each("licenses", func(l *License) {
		ref, _, _ := l.Related("policy")
		var policy struct {
			Name Cell `json:"name"`
		}
		if !l.Resolve(ref, &policy) {
			t.Fatalf("%s: policy not found", l.ID)
		}
		names = append(names, policy.Name.Text)
	})
	if err != nil || len(names) != 2 || names[0] != "CLI Monthly" {
		t.Fatalf("names %q, error %v", names, err)
	}
	if unsafe.StringData(names[0]) != unsafe.StringData(names[1]) {
		t.Errorf("each license made its own copy of the policy's name; want the one made first")
	}
}

// Cell decodes alike through encoding/json, so a reader's struct means
// the same whichever way it is filled.
func TestCellThroughEncodingJSON(t *testing.T) {
	const attrs = `{"key":"K","maxMachines":null,"metadata":{"z":[1],"a":"\u003c"}}`
	var viaJSON, viaDoor typedAttrs
	if err := json.Unmarshal([]byte(attrs), &viaJSON); err != nil {
		t.Fatal(err)
	}
	if err := decodeVia(t, attrs, &viaDoor); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(viaJSON, viaDoor, cmp.AllowUnexported(typedAttrs{})); diff != "" {
		t.Errorf("(-encoding/json +Decode):\n%s", diff)
	}
}

// A reader reuses one struct for every license: a decode leaves nothing
// of the previous license in it.
func TestDecodeAttrsZeroesFirst(t *testing.T) {
	got := typedAttrs{Key: Cell{Text: "stale", Set: true}, Count: 7}
	if err := decodeVia(t, `{"metadata":"m"}`, &got); err != nil {
		t.Fatal(err)
	}
	want := typedAttrs{Meta: Cell{Text: "m", Set: true}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(typedAttrs{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// seedAttrs is a struct of the fuzz seeds' attribute names.
type seedAttrs struct {
	Key      Cell `json:"key"`
	K        Cell `json:"k"`
	A        Cell `json:"a"`
	Metadata Cell `json:"metadata"`
}

// FuzzDecodeAttrs holds the typed decode of attributes equal to
// encoding/json decoding them into cells by exact name (the last of a
// name wins).
func FuzzDecodeAttrs(f *testing.F) {
	for _, s := range []string{`{"key":"A","metadata":{"b":1,"a":"x"}}`, `{"k":"v","k":"w"}`, `{"KEY":"a","Key":"b"}`,
		`{"\u006bey":"x"}`, `{"a":null,"key":5}`, "{\"key\":\"\xff\"}", `{"a":"\ud800"}`, `{"metadata":[1,{"b":2}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, attrs []byte) {
		var ref map[string]Cell
		if json.Unmarshal(attrs, &ref) != nil || ref == nil {
			return
		}
		if _, err := jsonindex.ReadPage("page", []byte(`{"data":[{"type":"licenses","id":"1","attributes":`+string(attrs)+`}]}`)); err != nil {
			return
		}
		var got seedAttrs
		if err := decodeVia(t, string(attrs), &got); err != nil {
			t.Fatalf("Decode(%s): %v", attrs, err)
		}
		want := seedAttrs{Key: ref["key"], K: ref["k"], A: ref["a"], Metadata: ref["metadata"]}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("typed decode of %s (-encoding/json +Decode):\n%s", attrs, diff)
		}
	})
}

// A related resource that does not decode into the reader's struct ends
// the walk at the license that asked, naming the resource.
func TestResolveErrorEndsTheWalk(t *testing.T) {
	const page = `{"data":[{"type":"licenses","id":"l1","attributes":{"key":"A"},
"relationships":{"owner":{"data":{"type":"users","id":"u1"}}}},
{"type":"licenses","id":"l2","attributes":{"key":"B"}}],
"included":[{"type":"users","id":"u1","attributes":{"seats":"many"}}]}`
	doc, err := jsonindex.ReadPage("page", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	err = (&Licenses{doc: doc, file: "dump.json"}).Each("licenses", func(l *License) {
		seen = append(seen, l.ID)
		ref, _, _ := l.Related("owner")
		var owner struct {
			Seats int `json:"seats"`
		}
		if !l.Resolve(ref, &owner) {
			t.Errorf("%s: owner %v not found", l.ID, ref)
		}
	})
	const want = `dump.json:1: users u1: attribute "seats": json: cannot unmarshal string`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Each = %v, want an error starting %q", err, want)
	}
	if diff := cmp.Diff([]string{"l1"}, seen); diff != "" {
		t.Errorf("licenses walked (-want +got):\n%s", diff)
	}
}
