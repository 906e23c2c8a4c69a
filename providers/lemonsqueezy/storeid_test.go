package lemonsqueezy

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestStoreID: every JSON spelling of one whole number is one text;
// fractions, and exponents that would make a huge or tiny number, are
// refused without building the number.
func TestStoreID(t *testing.T) {
	cases := map[string]string{
		"1": "1", "1.0": "1", "10e-1": "1", "1E2": "100", "12.30e1": "123", "100e-2": "1",
		"0": "0", "-0": "0", "0.000e-99999999999": "0", "0e99999999999": "0", "-7": "-7",
		"9007199254740993": "9007199254740993",
		"1.5":              "error", "1e-1": "error", "1e-99999999999": "error", "1e999999999": "error",
		"1e41": "error", "1e39": "1000000000000000000000000000000000000000",
	}
	got := map[string]string{}
	for in := range cases {
		out, err := storeID(in)
		if err != nil {
			out = "error"
		}
		got[in] = out
	}
	if diff := cmp.Diff(cases, got); diff != "" {
		t.Errorf("storeID (-want +got):\n%s", diff)
	}
}
