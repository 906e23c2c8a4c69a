package license

import (
	"strings"
	"testing"
)

func TestEntitlementCodes(t *testing.T) {
	for code, ok := range map[string]bool{"export": true, "render-farm_2": true, "": false, "Export": false, "a.b": false,
		strings.Repeat("a", 100): true, strings.Repeat("a", 101): false} {
		if err := CheckEntitlementCode(code); (err == nil) != ok {
			t.Errorf("CheckEntitlementCode(%q) = %v, want ok=%v", code, err, ok)
		}
	}
	for in, want := range map[string]string{"PRO_FEATURE": "pro_feature", "Pro.Feature": "pro_feature", "Über": "ber",
		"...": "", strings.Repeat("X", 300): strings.Repeat("x", 100)} {
		if got := ProposeEntitlementCode(in); got != want {
			t.Errorf("ProposeEntitlementCode(%q) = %q, want %q", in, got, want)
		}
	}
	if !SameEntitlements(nil, nil) || SameEntitlements(nil, []string{}) || !SameEntitlements([]string{"a"}, []string{"a"}) {
		t.Error("SameEntitlements must tell nil (the policy's) from an empty list")
	}
}
