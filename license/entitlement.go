package license

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// MaxEntitlementCode is the longest entitlement code Licentric takes.
const MaxEntitlementCode = 100

// entitlementCode is Licentric's rule for a code: lowercase letters,
// digits, "-" and "_".
var entitlementCode = regexp.MustCompile(`^[a-z0-9_-]+$`)

// CheckEntitlementCode says why code is not a Licentric entitlement code
// (1–100 characters, lowercase a–z, 0–9, "-", "_"), or nil.
func CheckEntitlementCode(code string) error {
	switch {
	case code == "":
		return fmt.Errorf("an entitlement code is empty")
	case len(code) > MaxEntitlementCode:
		return fmt.Errorf("entitlement code %q is %d characters; Licentric takes at most %d", code, len(code), MaxEntitlementCode)
	case !entitlementCode.MatchString(code):
		return fmt.Errorf("entitlement code %q is not lowercase letters, digits, - and _, which Licentric requires", code)
	}
	return nil
}

// ProposeEntitlementCode is the Licentric code init proposes for a
// source platform's code: lowercased, every other character "_", cut
// to 100 characters; "" when nothing of it is left.
func ProposeEntitlementCode(code string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(code) {
		if r < 128 && entitlementCode.MatchString(string(r)) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	out := strings.Trim(b.String(), "_")
	if len(out) > MaxEntitlementCode {
		out = out[:MaxEntitlementCode]
	}
	return out
}

// SameEntitlements reports whether two sorted code lists are equal,
// nil (inherit the policy's) differing from an empty list.
func SameEntitlements(a, b []string) bool {
	return (a == nil) == (b == nil) && slices.Equal(a, b)
}

// EntitlementText shows a code list in plans: "a, b", "(none)" for an
// empty list, "(the policy's)" for nil.
func EntitlementText(codes []string) string {
	switch {
	case codes == nil:
		return "(the policy's)"
	case len(codes) == 0:
		return "(none)"
	}
	return strings.Join(codes, ", ")
}
