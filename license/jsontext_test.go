package license

import "testing"

func TestJSONTextProblem(t *testing.T) {
	for in, bad := range map[string]bool{
		`{"a":"Åsa"}`:              false,
		`{"a":"\u00c5sa"}`:         false,
		`{"a":"\ud83d\ude00"}`:     false, // a pair is one character
		`{"a":"\\ud800"}`:          false, // an escaped backslash, then text
		`{"a":"\ud800"}`:           true,
		`{"a":"\uDC00x"}`:          true, // a low half alone
		`{"a":"\ud800\u0041"}`:     true, // a high half whose next escape is no low half
		`{"a":"\ud800\\udc00"}`:    true,
		"{\"a\":\"\xff\"}":         true,
		`"\u12"`:                   false, // not an escape: JSON validity is checked elsewhere
		`{"a":"x\\\\","b":"\ud800`: true,
	} {
		if got := JSONTextProblem(in) != ""; got != bad {
			t.Errorf("JSONTextProblem(%s) = %q; want a problem: %v", in, JSONTextProblem(in), bad)
		}
	}
}
