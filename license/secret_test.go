package license

import (
	"fmt"
	"regexp"
	"testing"
)

// TestKeyRefsAreLongAndStable: a key's reference has 16 hex digits (no
// collision among a million keys) and never changes between runs;
// emails keep 8.
func TestKeyRefsAreLongAndStable(t *testing.T) {
	if got, want := Key("A1B2C3-KEY").Ref(), "key:885d52a7"; got[:len(want)] != want || !regexp.MustCompile(`^key:[0-9a-f]{16}$`).MatchString(got) {
		t.Fatalf("Key.Ref() = %s, want key:885d52a7 followed by 8 more hex digits", got)
	}
	if got := Ref("email", "ana@example.com"); !regexp.MustCompile(`^email:[0-9a-f]{8}$`).MatchString(got) {
		t.Fatalf("email ref %s", got)
	}
	seen := make(map[string]bool, 200_000)
	for i := range 200_000 {
		r := Key(fmt.Sprintf("KEY-%07d", i)).Ref()
		if seen[r] {
			t.Fatalf("two of 200,000 keys (32 bits collide there) share the reference %s", r)
		}
		seen[r] = true
	}
}
