package mapping

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
)

// mapMetadata maps one row's metadata cell with a source's big_numbers:.
func mapMetadata(t *testing.T, mode, cell string) *Result {
	t.Helper()
	cfg := testConfig("csv", []config.Rule{{Policy: "yearly"}}, nil)
	cfg.Sources[0].BigNumbers = mode
	recs := []*providers.Record{rec(2, "key", "K1", "metadata", cell), rec(3, "key", "K2", "metadata", cell)}
	return Build(context.Background(), cfg, []providers.Source{&fakeSource{name: "src", platform: "csv", recs: recs}}, now)
}

func TestBigNumbers(t *testing.T) {
	const big = `{"discord":9007199254740993,"n":[1.50,1e3,0.1,-0,12345678901234567890e-5]}`
	tests := map[string]struct {
		mode, cell, want, err, warn string
	}{
		"numbers a double holds are kept as before": {
			"", `{"a":9007199254740992,"b":1.50,"c":1e3,"d":0.1,"e":-0,"f":[123456789012345680]}`,
			`{"a":9007199254740992,"b":1.5,"c":1000,"d":0.1,"e":-0,"f":[123456789012345680]}`, "", ""},
		"refused by default, named with the way on": {
			"", big, "", `exports/x.csv:2: metadata.discord: the number "9007199254740993" cannot be held exactly by Licentric (JavaScript numbers hold integers up to 2^53; it would become "9007199254740992"); set big_numbers: string in source src`, ""},
		"error is the default said out loud": {
			"error", big, "", `exports/x.csv:3: metadata.discord: the number "9007199254740993" cannot be held exactly`, ""},
		"string keeps the digits, with a warning": {
			"string", big, `{"discord":"9007199254740993","n":[1.5,1000,0.1,-0,"12345678901234567890e-5"]}`, "",
			"source src: 2 licenses hold metadata numbers that JavaScript cannot hold exactly (beyond 2^53), changed as its big_numbers: says; e.g. key:"},
		"round takes the nearest double, with a warning": {
			"round", `{"id":9007199254740993}`, `{"id":9007199254740992}`, "",
			`e.g. key:badb7283766a112a at exports/x.csv:2: metadata.id: "9007199254740993" rounded to "9007199254740992"`},
		"a number beyond any double is refused even with round": {
			"round", `{"x":1e400}`, "", `metadata.x: the number "1e400" is beyond what a JavaScript number holds`, ""},
		"a string of digits is text, not a number": {
			"", `{"id":"9007199254740993"}`, `{"id":"9007199254740993"}`, "", ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			res := mapMetadata(t, tc.mode, tc.cell)
			err := res.Err()
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v; want it to hold %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]string{tc.want, tc.want}, []string{res.Licenses[0].Metadata, res.Licenses[1].Metadata}); diff != "" {
				t.Errorf("metadata (-want +got):\n%s", diff)
			}
			var warns []string
			for _, d := range res.Findings {
				warns = append(warns, d.Message)
			}
			if got := strings.Join(warns, "\n"); (tc.warn == "") != (got == "") || !strings.Contains(got, tc.warn) {
				t.Errorf("warnings %q; want one holding %q", got, tc.warn)
			}
		})
	}
}

func TestSameNumber(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"1.50", "1.5", true}, {"1e3", "1000", true}, {"-0", "0", true}, {"0.0e5", "0", true}, {"1E+2", "100", true},
		{"9007199254740993", "9.007199254740992e+15", false}, {"-12.5e-1", "-1.25", true}, {"1", "-1", false}, {"1e99999999999999999999", "1", false},
	} {
		if got := sameNumber(tc.a, tc.b); got != tc.same {
			t.Errorf("sameNumber(%s, %s) = %v", tc.a, tc.b, got)
		}
	}
}

// TestTextNotUTF8IsARowError: any field, not only keys and names, whose
// text is not UTF-8 (as a JSON reader hands over a lone surrogate) is a
// row error naming the column, as is metadata holding such text.
func TestTextNotUTF8IsARowError(t *testing.T) {
	for name, r := range map[string]*providers.Record{
		"status":   rec(4, "key", "K1", "status", "act\xffive"),
		"name":     rec(4, "key", "K1", "user_name", "\xed\xa0\x80"),
		"metadata": rec(4, "key", "K1", "metadata", `{"a":"\ud800"}`),
	} {
		cfg := testConfig("csv", []config.Rule{{Policy: "yearly"}}, map[string]license.Status{"act\xffive": license.Active})
		res := Build(context.Background(), cfg, []providers.Source{&fakeSource{name: "src", platform: "csv", recs: []*providers.Record{r}}}, now)
		err := res.Err()
		if err == nil || !strings.Contains(err.Error(), "exports/x.csv:4: ") || !strings.Contains(err.Error(), "UTF") {
			t.Errorf("%s: error %v; want a located UTF-8 refusal", name, err)
		}
	}
}
