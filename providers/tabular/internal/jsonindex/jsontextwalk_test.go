package jsonindex

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// listWalk is a list walk's reading of the list whose '[' is at offset
// open: each item it noted and where, and how it ended (whether it
// reached the ']', where it stopped, the note's error).
type listWalk struct {
	items  []string
	spans  []span
	ending string
	// stoppedAt is "" when the walk ended where it says, else why not:
	// a walk that stops ends just past the last item it took.
	stoppedAt string
}

// noteItem is a walk's note: it keeps the item, and refuses "stop", as
// a cancelled read refuses an item.
func (l *listWalk) noteItem(raw []byte, sp span) error {
	l.items, l.spans = append(l.items, fmt.Sprintf("%d+%d %s", sp.off, sp.n, raw)), append(l.spans, sp)
	if string(raw) == `"stop"` {
		return fmt.Errorf("stopped at %d", sp.off)
	}
	return nil
}

// textWalkOf is textList's walk of the list at open.
func textWalkOf(data []byte, open int) listWalk {
	s := newStreamer(context.Background(), "x.json", bufio.NewReader(nil), bytes.NewReader(data), int64(len(data)))
	var l listWalk
	n, end, done, err := s.textList(int64(open), l.noteItem)
	l.ending = fmt.Sprintf("n=%d end=%d done=%v err=%v", n, end, done, err)
	want := int64(open + 1) // just past the '[', or past its last item
	if n > 0 {
		want = l.spans[n-1].off + l.spans[n-1].n
	}
	if !done && end != want {
		l.stoppedAt = fmt.Sprintf("stopped at %d, not just past the last item it took (%d)", end, want)
	}
	return l
}

// decoderWalkOf is encoding/json's Decoder on the list at open, noted as
// textList notes.
func decoderWalkOf(data []byte, open int) listWalk {
	var l listWalk
	n, end, done, err := decoderList(data, open, l.noteItem)
	l.ending = fmt.Sprintf("n=%d end=%d done=%v err=%v", n, end, done, err)
	return l
}

// decoderList reads the list at open as the first pass's decoder alone
// does (Token, then Decode each item while More), with textList's results.
func decoderList(data []byte, open int, note func(raw []byte, sp span) error) (n int, end int64, done bool, err error) {
	dec := json.NewDecoder(bytes.NewReader(data[open:]))
	end = int64(open + 1)
	if _, err := dec.Token(); err != nil {
		return 0, end, false, nil
	}
	var raw json.RawMessage
	for dec.More() {
		if dec.Decode(&raw) != nil {
			return n, end, false, nil
		}
		at := int64(open) + dec.InputOffset()
		if err := note(raw, span{off: at - int64(len(raw)), n: int64(len(raw))}); err != nil {
			return n, end, false, err
		}
		n, end = n+1, at
	}
	if _, err := dec.Token(); err != nil {
		return n, end, false, nil
	}
	return n, int64(open) + dec.InputOffset(), true, nil
}

// sameWalk says how the two readings of one list differ, "" for not at
// all. Either reached the ']': the same items, the same end. Neither did:
// one's items are a prefix of the other's, as each may stop a value
// earlier than the other (`1x`: the walk takes the 1, the decoder refuses
// the item whole), and the decoder then says what is wrong either way
// (FuzzJSONStreamMatchesWhole holds that).
func sameWalk(data []byte) string {
	open := bytes.IndexByte(data, '[')
	if open < 0 {
		return ""
	}
	text, dec := textWalkOf(data, open), decoderWalkOf(data, open)
	if text.stoppedAt != "" {
		return "textList " + text.stoppedAt
	}
	short, long := text.items, dec.items
	if len(short) > len(long) {
		short, long = long, short
	}
	done := strings.Contains(text.ending, "done=true") || strings.Contains(dec.ending, "done=true")
	if !slices.Equal(short, long[:len(short)]) || done && (text.ending != dec.ending || len(short) != len(long)) {
		return fmt.Sprintf("textList: %q %s\ndecoder:  %q %s", text.items, text.ending, dec.items, dec.ending)
	}
	return ""
}

// FuzzTextListWalk holds the jsontext list walk to encoding/json's
// Decoder on the same list (see sameWalk): the same items at the same
// offsets, the same end, a list the decoder refuses never taken whole.
func FuzzTextListWalk(f *testing.F) {
	for _, s := range []string{
		`[]`, `[ ]`, `[1,2,3]`, "[\n{\"key\":\"A\"},\n{\"key\":\"B\"}\n]", `[1,]`, `[,1]`, `[1 2]`, `[1x]`, `[truex]`,
		`[{"a":1,"a":2}]`, "[\"\xff\"]", `["\ud800"]`, `["\u12"]`, `[1,"stop",2]`, `[[[[]]]]`, `[{"a":[1,{"b":"]"}]}]`,
		`[-0.5e+3,null,false,true]`, `[01]`, `[1.]`, `["a` + "\x01" + `"]`, `[1`, `[1,`, `[{"a":}]`, `x[1]`,
		`{"data":[{"type":"licenses","id":"1","attributes":{"key":"A"}}],"included":[{"type":"users","id":"u"}]}`,
		"{\"data\":[1]\n,\"meta\"::1}", `{"data": [1] "x":2}`, "[\n1,\n2\nx]", `[1]]`, `[1]:`, `[1],[2]`, `["stop"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if diff := sameWalk(data); diff != "" {
			t.Fatalf("the walk differs from the decoder on %q:\n%s", data, diff)
		}
	})
}

// BenchmarkListWalk times the list walk alone, and encoding/json's
// Decoder on the same list, over a JSON:API "data" list of licenses
// shaped as `go run ./bench -format jsonapi` writes them (about 480
// bytes each), read from memory.
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
		b.Run(fmt.Sprintf("textList/%d", n), func(b *testing.B) {
			s := newStreamer(context.Background(), "x.json", bufio.NewReader(nil), bytes.NewReader(data), int64(len(data)))
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if got, _, done, _ := s.textList(0, func([]byte, span) error { return nil }); got != n || !done {
					b.Fatalf("%d items, done %v", got, done)
				}
			}
		})
		b.Run(fmt.Sprintf("decoder/%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if got, _, done, _ := decoderList(data, 0, func([]byte, span) error { return nil }); got != n || !done {
					b.Fatalf("%d items, done %v", got, done)
				}
			}
		})
	}
}
