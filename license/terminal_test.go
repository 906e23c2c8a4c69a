package license

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPrintableEscapesControls(t *testing.T) {
	for in, want := range map[string]string{
		"Office PC":                      "Office PC",
		"Café – ünïcode":                 "Café – ünïcode",
		"red \x1b[31mALERT\x1b[0m":       `red \x1b[31mALERT\x1b[0m`,
		"title \x1b]0;pwned\x07":         `title \x1b]0;pwned\x07`,
		"csi \u009b2J c1":                `csi \u009b2J c1`,
		"line\nfake + create":            `line\nfake + create`,
		"tab\tcell\rback\x00nul\x7fdel":  `tab\tcell\rback\x00nul\x7fdel`,
		"bidi \u202egnp.exe\u2066\u200f": `bidi \u202egnp.exe\u2066\u200f`,
		"bad \xff\xfe utf8":              `bad \xff\xfe utf8`,
		`back\slash`:                     `back\slash`,
	} {
		if diff := cmp.Diff(want, Printable(in)); diff != "" {
			t.Errorf("Printable(%q) (-want +got):\n%s", in, diff)
		}
	}
	if got := PrintableLines("first \x1b[2J\nhint: \x07fix"); got != "first \\x1b[2J\nhint: \\x07fix" {
		t.Errorf("PrintableLines keeps the lines and escapes in each: %q", got)
	}
}

// TestEscapeJSONControls: the escaped document decodes to the same value
// and holds no raw DEL, C1 or bidi character.
func TestEscapeJSONControls(t *testing.T) {
	in := map[string]string{"name": "a\x7fb\u009b2Jc\u202ed\x1be", "plain": "é"}
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	got := EscapeJSONControls(raw)
	if want := `{"name":"a\u007fb\u009b2Jc\u202ed\u001be","plain":"é"}`; string(got) != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	var back map[string]string
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, back); diff != "" {
		t.Fatalf("the escaped JSON decodes differently (-want +got):\n%s", diff)
	}
}
