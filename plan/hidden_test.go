package plan

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestShownRevealsOnlyWhenAsked: a diagnostic's hidden values replace
// their references under --show-sensitive only.
func TestShownRevealsOnlyWhenAsked(t *testing.T) {
	d := Diagnostic{Severity: Warning, Ref: "key:1a", Message: "a device (fingerprint:2b) is short",
		Hidden: []Hidden{{Ref: "key:1a", Value: "K-1"}, {Ref: "fingerprint:2b", Value: `fingerprint "fp"`}}}
	if diff := cmp.Diff(d, d.Shown(false)); diff != "" {
		t.Errorf("shown without the flag (-want +got):\n%s", diff)
	}
	want := Diagnostic{Severity: Warning, Ref: "K-1", Message: `a device (fingerprint "fp") is short`}
	if diff := cmp.Diff(want, d.Shown(true)); diff != "" {
		t.Errorf("shown with the flag (-want +got):\n%s", diff)
	}
}

// TestHiddenNeverSaved: a plan file holds no hidden value and the
// checksum ignores them, so a plan computed with --show-sensitive is the
// same plan, and show cannot reveal what was not asked for when saved.
func TestHiddenNeverSaved(t *testing.T) {
	p := fullPlan()
	before := p.Checksum()
	p.Diagnostics[0].Hidden = []Hidden{{Ref: "key:1", Value: "SECRET-FINGERPRINT"}}
	if p.Checksum() != before {
		t.Error("hidden values change the plan's checksum")
	}
	var buf bytes.Buffer
	if err := Write(&buf, p, ""); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "SECRET-FINGERPRINT") {
		t.Error("a plan file holds a hidden value")
	}
}
