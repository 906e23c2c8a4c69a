package tabular

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// listWalkOf is what a list walk (fastList or textList) made of the list
// whose '[' is the first in data: each item it noted and where, and how
// it ended (whether it reached the ']', where it stopped, the note's
// error).
func listWalkOf(data []byte, text bool) (notes []string, ending string) {
	open := bytes.IndexByte(data, '[')
	if open < 0 {
		return nil, ""
	}
	s := newStreamer(context.Background(), "x.json", bufio.NewReader(nil), bytes.NewReader(data), int64(len(data)))
	note := func(raw []byte, sp span) error {
		notes = append(notes, fmt.Sprintf("%d+%d %s", sp.off, sp.n, raw))
		if string(raw) == `"stop"` {
			return fmt.Errorf("stopped at %d", sp.off)
		}
		return nil
	}
	walk := s.fastList
	if text {
		walk = s.textList
	}
	n, end, done, err := walk(int64(open), note)
	return notes, fmt.Sprintf("n=%d end=%d done=%v err=%v", n, end, done, err)
}

// sameWalk says how two walks of one list differ, "" for not at all.
// Either reached the ']': the same items, the same end. Neither did: one's
// items may be a prefix of the other's, as a walk may stop before a value
// it cannot yet tell from what follows (`1x`, `01`, a value the file ends
// in), and the decoder then says what is wrong either way
// (FuzzTextListWalk's second half holds that).
func sameWalk(data []byte) string {
	fast, fastEnd := listWalkOf(data, false)
	text, textEnd := listWalkOf(data, true)
	done := strings.Contains(fastEnd, "done=true") || strings.Contains(textEnd, "done=true")
	short, long := fast, text
	if len(short) > len(long) {
		short, long = long, short
	}
	if !slices.Equal(short, long[:len(short)]) || done && (fastEnd != textEnd || len(short) != len(long)) {
		return fmt.Sprintf("fast: %q %s\ntext: %q %s", fast, fastEnd, text, textEnd)
	}
	return ""
}

// FuzzTextListWalk holds the jsontext list walk to the hand-written one:
// the same items at the same offsets, stopping at the same place (an
// item the note refuses included), and the same streamed read (items,
// lines, included resources and error text) as with the decoder alone.
func FuzzTextListWalk(f *testing.F) {
	for _, s := range []string{
		`[]`, `[ ]`, `[1,2,3]`, "[\n{\"key\":\"A\"},\n{\"key\":\"B\"}\n]", `[1,]`, `[,1]`, `[1 2]`, `[1x]`, `[truex]`,
		`[{"a":1,"a":2}]`, "[\"\xff\"]", `["\ud800"]`, `["\u12"]`, `[1,"stop",2]`, `[[[[]]]]`, `[{"a":[1,{"b":"]"}]}]`,
		`[-0.5e+3,null,false,true]`, `[01]`, `[1.]`, `["a` + "\x01" + `"]`, `[1`, `[1,`, `[{"a":}]`, `x[1]`,
		`{"data":[{"type":"licenses","id":"1","attributes":{"key":"A"}}],"included":[{"type":"users","id":"u"}]}`,
		`{"data":[{"type":"licenses","id":"1"}],"data":[{"type":"licenses","id":"2"}]}`,
		"{\"data\":[1]\n,\"meta\"::1}", `{"data": [1] "x":2}`, "[\n1,\n2\nx]", `[1]]`, `[1]:`, `[1],[2]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if diff := sameWalk(data); diff != "" {
			t.Fatalf("the walks differ on %q:\n%s", data, diff)
		}
		if t := bytes.TrimLeft(data, " \t\r\n"); len(t) == 0 || (t[0] != '{' && t[0] != '[') {
			return // the CSV reader's
		}
		path := filepath.Join(t.TempDir(), "x.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		defer func() { walkListsFast, walkListsWithText = true, true }()
		var got [3][2]string
		for i, mode := range [3][2]bool{{false, false}, {true, false}, {true, true}} {
			walkListsFast, walkListsWithText = mode[0], mode[1]
			got[i][0], got[i][1] = readDocText(path)
		}
		if diff := cmp.Diff(got[0], got[1]); diff != "" {
			t.Fatalf("the hand-written walk differs from the decoder alone (-decoder +walk):\n%s", diff)
		}
		if diff := cmp.Diff(got[0], got[2]); diff != "" {
			t.Fatalf("the jsontext walk differs from the decoder alone (-decoder +walk):\n%s", diff)
		}
	})
}

// BenchmarkListWalk times the two list walks alone over a JSON:API
// "data" list of licenses shaped as `go run ./bench -format jsonapi`
// writes them (about 480 bytes each), read from memory.
func BenchmarkListWalk(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		var list bytes.Buffer
		list.WriteString("[\n")
		for i := range n {
			if i > 0 {
				list.WriteString(",\n")
			}
			fmt.Fprintf(&list, `  {"id": "lic-%d", "type": "licenses", "attributes": {"key": "%06X-%06X-%06X-%06X-%06X-V3", "status": "ACTIVE", "suspended": false, `+
				`"expiry": "2031-01-%02dT00:00:00.000Z", "created": "2021-05-06T07:08:09.000Z", "maxMachines": 1, "metadata": {"orderId": "O-%d"}}, `+
				`"relationships": {"policy": {"data": {"type": "policies", "id": "pol-1"}}, "owner": {"data": {"type": "users", "id": "usr-%d"}}}}`,
				i, i, i*3, i*7, i*11, i*13, 1+i%28, i, i)
		}
		list.WriteString("\n]\n")
		data := list.Bytes()
		for _, walk := range []string{"fast", "text"} {
			b.Run(fmt.Sprintf("%s/%d", walk, n), func(b *testing.B) {
				s := newStreamer(context.Background(), "x.json", bufio.NewReader(nil), bytes.NewReader(data), int64(len(data)))
				list := s.fastList
				if walk == "text" {
					list = s.textList
				}
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					if got, _, done, _ := list(0, func([]byte, span) error { return nil }); got != n || !done {
						b.Fatalf("%d items, done %v", got, done)
					}
				}
			})
		}
	}
}
