package tabular

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
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
			r := jsonResource{attrs: json.RawMessage(tc.attrs)}
			var got typedAttrs
			err := r.decodeAttrs(&got)
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
	r := jsonResource{attrs: json.RawMessage(`{"key":"a"}`)}
	var s typedAttrs
	for _, v := range []any{nil, s, new(int), (*typedAttrs)(nil)} {
		if err := r.decodeAttrs(v); err == nil {
			t.Errorf("decodeAttrs(%T) took it; want an error", v)
		}
	}
}

// A resource many licenses share renders each cell once: the second
// decode takes the first's text from the memo.
func TestDecodeAttrsMemo(t *testing.T) {
	r := jsonResource{attrs: json.RawMessage(`{"key":"P"}`), memo: new(sync.Map)}
	var a, b typedAttrs
	if err := r.decodeAttrs(&a); err != nil {
		t.Fatal(err)
	}
	r.attrs = json.RawMessage(`{"key":"changed"}`) // only the memo can still say "P"
	if err := r.decodeAttrs(&b); err != nil {
		t.Fatal(err)
	}
	if b.Key.Text != "P" {
		t.Errorf("second decode %q, want the memo's %q", b.Key.Text, "P")
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
	r := jsonResource{attrs: json.RawMessage(attrs)}
	if err := r.decodeAttrs(&viaDoor); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(viaJSON, viaDoor, cmp.AllowUnexported(typedAttrs{})); diff != "" {
		t.Errorf("(-encoding/json +decodeAttrs):\n%s", diff)
	}
}

// A reader reuses one struct for every license: a decode leaves nothing
// of the previous license in it.
func TestDecodeAttrsZeroesFirst(t *testing.T) {
	got := typedAttrs{Key: Cell{Text: "stale", Set: true}, Count: 7}
	r := jsonResource{attrs: json.RawMessage(`{"metadata":"m"}`)}
	if err := r.decodeAttrs(&got); err != nil {
		t.Fatal(err)
	}
	want := typedAttrs{Meta: Cell{Text: "m", Set: true}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(typedAttrs{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// A related resource that does not decode into the reader's struct ends
// the walk at the license that asked, naming the resource.
func TestResolveErrorEndsTheWalk(t *testing.T) {
	const page = `{"data":[{"type":"licenses","id":"l1","attributes":{"key":"A"},
"relationships":{"owner":{"data":{"type":"users","id":"u1"}}}},
{"type":"licenses","id":"l2","attributes":{"key":"B"}}],
"included":[{"type":"users","id":"u1","attributes":{"seats":"many"}}]}`
	doc, err := readJSONPage("page", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	err = (&Licenses{doc: doc, file: "dump.json"}).Each("licenses", func(l *License) {
		seen = append(seen, l.ID)
		ref, _ := l.Related("owner")
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
