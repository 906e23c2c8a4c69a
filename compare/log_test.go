package compare

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReadLog: a validation log is read whole (blank lines skipped,
// other members ignored, a repeated key and fingerprint once) or refused
// at its line, never quoting the key.
func TestReadLog(t *testing.T) {
	got, err := ReadLog(strings.NewReader(`{"key":"K-1","fingerprint":"fp-1","at":"2026-11-02T10:00:00Z","valid":true}

{"key":"K-2","fingerprint":null}
{"key":"K-1","fingerprint":"fp-1"}
{"key":"K-1"}
`), "v.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{{Key: "K-1", Fingerprint: "fp-1", Line: 1}, {Key: "K-2", Line: 3}, {Key: "K-1", Line: 5}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	for _, c := range []struct{ in, want string }{
		{`{"key":"K-SECRET"}` + "\n" + `{"key":""}`, `v.jsonl:2: "key" is missing, empty or not a string`},
		{`{"key":"K-SECRET"}` + "\n" + `{"key":"K-SECRET",}`, `v.jsonl:2: column 19: not JSON`},
		{`["K-SECRET"]`, `v.jsonl:1: not a JSON object`},
		{`{"key":"K-SECRET","fingerprint":7}`, `v.jsonl:1: "fingerprint" is not a string`},
		{`{"key":"K-SECRET"}` + "\n" + strings.Repeat("x", maxLogLine+1), `v.jsonl:2: a line is longer than 64 KiB`},
		{"\n\n", `v.jsonl: no entries`},
	} {
		_, err := ReadLog(strings.NewReader(c.in), "v.jsonl")
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%.30q: %v; want %q", c.in, err, c.want)
		} else if strings.Contains(err.Error(), "SECRET") {
			t.Errorf("the error quotes the key: %v", err)
		}
	}
}
