package jsonindex

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// view is what a reader makes of a JSON file, comparable across the two
// ways of reading it.
type view struct {
	Items    []string
	Lines    []int
	Pages    []Page
	Included []string
	Err      bool
	// ErrPlace is where a syntax error is (file:line:column), "" for
	// other errors: both readers must place it alike.
	ErrPlace string
}

// failedView is the view of a read that failed with err.
func failedView(err error) view {
	if msg := err.Error(); strings.Contains(msg, "invalid JSON") {
		return view{Err: true, ErrPlace: errorPlace(msg)}
	}
	return view{Err: true}
}

func readView(t *testing.T, path string, stream bool) view {
	in, done, err := openInput(path, "x.json", stream)
	if err != nil {
		return failedView(err)
	}
	defer done()
	doc, err := Read(in)
	if err == nil {
		err = doc.Expand() // a list marked for chunks, scanned as a whole
	}
	if err != nil {
		return failedView(err)
	}
	v := view{Pages: doc.Pages}
	for _, it := range doc.Items {
		raw, err := doc.Load(it)
		if err != nil {
			t.Fatal(err)
		}
		var c bytes.Buffer
		_ = json.Compact(&c, raw)
		v.Items, v.Lines = append(v.Items, c.String()), append(v.Lines, it.Line)
	}
	inc, err := indexIncluded(doc)
	if err != nil {
		return failedView(err)
	}
	for _, typ := range slices.Sorted(maps.Keys(inc.perType)) {
		for _, raw := range mustOfType(t, inc, typ) {
			var c bytes.Buffer
			_ = json.Compact(&c, raw)
			v.Included = append(v.Included, typ+" "+c.String())
		}
		v.Included = append(v.Included, fmt.Sprintf("%d of %s", inc.perType[typ], typ))
	}
	for i := range v.Pages {
		v.Pages[i].Links, v.Pages[i].Meta = compact(v.Pages[i].Links), compact(v.Pages[i].Meta)
	}
	return v
}

func compact(raw json.RawMessage) json.RawMessage {
	if raw == nil {
		return nil
	}
	var c bytes.Buffer
	if json.Compact(&c, raw) != nil {
		return raw
	}
	return c.Bytes()
}

// FuzzJSONStreamMatchesWhole holds the streamed two-pass reader equal to
// reading the file whole: same items with the same lines, same pages,
// same included resources, and an error for the same inputs.
func FuzzJSONStreamMatchesWhole(f *testing.F) {
	for _, s := range []string{
		`[{"key":"A"},{"key":"B"}]`,
		"{\"key\":\"A\"}\n{\"key\":\"B\"}\n",
		`{"data":[{"type":"licenses","id":"1","attributes":{"key":"A"}}],"included":[{"type":"users","id":"u","attributes":{"email":"a@x.io"}}],"links":{"next":null}}`,
		`{"data":{"type":"licenses","id":"1","attributes":{"key":"A"}}}`,
		`{"errors":[{"title":"Too many"}]}`,
		`{"data":[]}{"data":[{"id":"2"}],"included":[]}`,
		`{"data":{"id":"e","type":"webhook-events","attributes":{"payload":"{\"data\":{\"id\":\"1\",\"type\":\"licenses\",\"attributes\":{}},\"included\":[{\"type\":\"users\",\"id\":\"u\"}]}"}}}`,
		`{"data":{"tYpe":"webhook-events","AttriButes":{"pAYloAd":"0"}}}`, // names match exactly: not a webhook
		`"x"`, `[1,`, `{"data":5}`, "\ufeff[{\"key\":\"A\"}]",
		`[{"key":"A\ud800"},{"key":"B\udc00x","name":"\ud83d\ude00"}]`, "[{\"key\":\"\xff\"}]",
		`{"data":[{"type":"licenses","id":"1","attributes":{"key":"A"}}],"included":[{"type":"users","id":"u","attributes":{"email":"a\ud800@x.io"}}]}`,
		`{"data":[{"type":"licenses","id":"1"}],"data":[{"type":"licenses","id":"2"}]}`,
		`{"data":[],"included":[{"type":"users","id":"u"}],"included":[{"type":"users","id":"v"}]}`,
		`{"data":[],"included":[{"type":"users","id":"u","a":1},{"type":"users","id":"u","a":2}]}`,
		"[\n1,\n2\nx]", "[]:", "[1,,2]", "{\"data\":[1]\n,\"meta\"::1}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\ufeff")), " \t\r\n"); len(t) == 0 || (t[0] != '{' && t[0] != '[') {
			return // not JSON by the sniffing rule: the CSV reader takes it
		}
		path := filepath.Join(t.TempDir(), "x.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		defer func(old int) { ChunkItems = old }(ChunkItems)
		ChunkItems = 1 + len(data)%3 // lists of a few items are marked in several chunks
		whole, streamed := readView(t, path, false), readView(t, path, true)
		if diff := cmp.Diff(whole, streamed); diff != "" {
			t.Fatalf("streamed reading differs from reading whole (-whole +streamed):\n%s", diff)
		}
		if want, ok := reference("x.json", data); ok {
			if err := checkReference(whole, want); err != nil {
				t.Fatalf("the readers differ from encoding/json's decode of the whole document: %v", err)
			}
		}
		walkListsFast = false
		plain, plainErr := readDocText(path)
		walkListsFast = true
		fast, fastErr := readDocText(path)
		if plain != fast || plainErr != fastErr {
			t.Fatalf("walking lists fast differs from the decoder alone:\ndecoder: %s %s\nfast:    %s %s", plainErr, plain, fastErr, fast)
		}
	})
}

// readDocText is a streamed read's items, lines and error, as text.
func readDocText(path string) (items, errText string) {
	in, done, err := openInput(path, "x.json", true)
	if err != nil {
		return "", err.Error()
	}
	defer done()
	doc, err := Read(in)
	if err == nil {
		err = doc.Expand()
	}
	if err != nil {
		return "", err.Error()
	}
	var b strings.Builder
	for _, it := range doc.Items {
		raw, _ := doc.Load(it)
		fmt.Fprintf(&b, "%d %s\n", it.Line, raw)
	}
	inc, err := indexIncluded(doc)
	if err != nil {
		return b.String(), err.Error()
	}
	for _, typ := range slices.Sorted(maps.Keys(inc.perType)) {
		all, err := inc.ofType(typ)
		if err != nil {
			return b.String(), err.Error()
		}
		fmt.Fprintf(&b, "%s %d %q\n", typ, inc.perType[typ], all)
	}
	return b.String(), ""
}
