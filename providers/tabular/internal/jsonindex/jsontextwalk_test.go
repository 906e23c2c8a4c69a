package jsonindex

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// FuzzTextListWalk holds the first pass on jsontext to the first pass on
// encoding/json's decoder alone, on any bytes (FuzzJSONStreamMatchesWhole
// takes only what the sniffing calls JSON): the same items at the same
// lines, the same included resources, the same error, word for word.
func FuzzTextListWalk(f *testing.F) {
	for _, s := range []string{
		`[]`, `[ ]`, `[1,2,3]`, "[\n{\"key\":\"A\"},\n{\"key\":\"B\"}\n]", `[1,]`, `[,1]`, `[1 2]`, `[1x]`, `[truex]`,
		`[{"a":1,"a":2}]`, "[\"\xff\"]", `["\ud800"]`, `["\u12"]`, `[1,"stop",2]`, `[[[[]]]]`, `[{"a":[1,{"b":"]"}]}]`,
		`[-0.5e+3,null,false,true]`, `[01]`, `[1.]`, `["a` + "\x01" + `"]`, `[1`, `[1,`, `[{"a":}]`, `x[1]`,
		`{"data":[{"type":"licenses","id":"1","attributes":{"key":"A"}}],"included":[{"type":"users","id":"u"}]}`,
		"{\"data\":[1]\n,\"meta\"::1}", `{"data": [1] "x":2}`, "[\n1,\n2\nx]", `[1]]`, `[1]:`, `[1],[2]`, `["stop"`,
		`{"data"[1]}`, `{"data"::[1]}`, `{"a":1}{"b":2}`, `{"a":1},{"b":2}`, `{"a":1},,:{"b":2}`, `1 2`, `{"data":[1]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "x.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		defer func(old int) { ChunkItems = old }(ChunkItems)
		ChunkItems = 1 + len(data)%3
		walkListsFast = false
		plain, plainErr := readDocText(path)
		walkListsFast = true
		text, textErr := readDocText(path)
		if plain != text || plainErr != textErr {
			t.Fatalf("jsontext differs from the decoder alone on %q:\ndecoder:  %s %s\njsontext: %s %s", data, plainErr, plain, textErr, text)
		}
	})
}

// BenchmarkListWalk times the first pass over a JSON:API "data" list of
// licenses shaped as `go run ./bench -format jsonapi` writes them (about
// 480 bytes each), read from memory, on jsontext and on encoding/json's
// decoder alone.
func BenchmarkListWalk(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		var list bytes.Buffer
		list.WriteString("{\"data\": [\n")
		for i := range n {
			if i > 0 {
				list.WriteString(",\n")
			}
			fmt.Fprintf(&list, `  {"id": "lic-%d", "type": "licenses", "attributes": {"key": "%06X-%06X-%06X-%06X-%06X-V3", "status": "ACTIVE", "suspended": false, `+
				`"expiry": "2031-01-%02dT00:00:00.000Z", "created": "2021-05-06T07:08:09.000Z", "maxMachines": 1, "metadata": {"orderId": "O-%d"}}, `+
				`"relationships": {"policy": {"data": {"type": "policies", "id": "pol-1"}}, "owner": {"data": {"type": "users", "id": "usr-%d"}}}}`,
				i, i, i*3, i*7, i*11, i*13, 1+i%28, i, i)
		}
		list.WriteString("\n]}\n")
		data := list.Bytes()
		for _, fast := range []bool{true, false} {
			b.Run(fmt.Sprintf("jsontext=%v/%d", fast, n), func(b *testing.B) {
				defer func() { walkListsFast = true }()
				walkListsFast = fast
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					s := newStreamer(context.Background(), "x.json", bufio.NewReader(nil), bytes.NewReader(data), int64(len(data)))
					if doc, err := s.walk(); err != nil || doc.count != n {
						b.Fatalf("%v; %d items", err, doc.count)
					}
				}
			})
		}
	}
}
