package devices

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
)

func TestCheckFingerprint(t *testing.T) {
	for _, tc := range []struct {
		fp   string
		want string
	}{
		{"", "has no fingerprint"},
		{"1234567", "of 7 characters"},
		{"12345678", ""},
		{strings.Repeat("é", 256), ""}, // characters, not bytes
		{strings.Repeat("a", 257), "of 257 characters"},
	} {
		err := CheckFingerprint(tc.fp)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("CheckFingerprint(%d chars) = %q, want %q", len(tc.fp), got, tc.want)
		}
		if len(tc.fp) > 0 && strings.Contains(got, tc.fp) {
			t.Errorf("the error shows the fingerprint: %q", got)
		}
	}
}

func TestBuild(t *testing.T) {
	two := 2
	byID := map[string]*license.License{
		"a": {Key: "KEY-A", Policy: "pro"},
		"b": {Key: "KEY-B", Policy: "pro", MaxMachinesOverride: &two},
		"c": {Key: "KEY-C", Policy: "free"},
	}
	limit := Limits([]license.Policy{{ID: "pro", MaxMachines: 1}, {ID: "free", MaxMachines: license.Unlimited}})
	dev := func(lic, fp string) Device { return Device{LicenseID: lic, Fingerprint: fp, Where: "m.json:1"} }
	src := Source{Name: "kg", Spec: Spec{Noun: "machines"}, Carry: true, Devices: []Device{
		dev("a", "fingerprint-1"), dev("a", "fingerprint-2"), // over pro's 1
		dev("b", "fingerprint-3"), dev("b", "short"), // within its own 2; one refused
		dev("c", "fingerprint-5"), dev("gone", "fingerprint-6"),
	}}
	r := Build(src, byID, limit, 10)
	gotCarry := []string{}
	for _, h := range r.Carry {
		gotCarry = append(gotCarry, h.Key.Reveal()+" "+h.Device.Fingerprint)
	}
	wantCarry := []string{"KEY-A fingerprint-1", "KEY-B fingerprint-3", "KEY-C fingerprint-5"} // KEY-A's second is past its limit
	if d := cmp.Diff(wantCarry, gotCarry); d != "" {
		t.Errorf("carry (-want +got):\n%s", d)
	}
	want := []plan.Diagnostic{
		{Severity: plan.Note, Message: "source kg: 5 machines on 3 licenses; apply activates 3 through POST /machines at 10 a minute: 12s"},
		{Severity: plan.Warning, Ref: license.Key("KEY-B").Ref(), Where: "m.json:1",
			Message: "a device (" + license.Ref("fingerprint", "short") + ") has a fingerprint of 5 characters; Licentric takes 8-256, so it cannot be carried",
			Hidden:  []plan.Hidden{{Ref: license.Key("KEY-B").Ref(), Value: "KEY-B"}, {Ref: license.Ref("fingerprint", "short"), Value: `fingerprint "short"`}}},
		{Severity: plan.Warning, Ref: license.Key("KEY-A").Ref(), Message: `would start over its machine limit: 2 machines on the old platform, policy "pro" allows 1; devices: carry activates the first 1`,
			Hidden: []plan.Hidden{{Ref: license.Key("KEY-A").Ref(), Value: "KEY-A"}}},
		{Severity: plan.Warning, Where: "m.json:1", Message: "source kg: 1 machines name a license that is not among the licenses read (first here); they are neither reported nor carried"},
	}
	if d := cmp.Diff(want, r.Diagnostics); d != "" {
		t.Errorf("diagnostics (-want +got):\n%s", d)
	}
}

// TestBuildGroupsAndRefused: many findings of a kind keep a few examples
// and count the rest; a platform whose fingerprint cannot be carried has
// no fingerprint findings and carries nothing.
func TestBuildGroupsAndRefused(t *testing.T) {
	byID := map[string]*license.License{}
	var ds []Device
	for i := range plan.GroupShown + 5 {
		id := string(rune('A' + i))
		byID[id] = &license.License{Key: license.Key("K" + id), Policy: "one"}
		ds = append(ds, Device{LicenseID: id}, Device{LicenseID: id})
	}
	limit := Limits([]license.Policy{{ID: "one", MaxMachines: 1}})
	r := Build(Source{Name: "cx", Spec: Spec{Noun: "activations", CarryRefused: "no"}, Devices: ds}, byID, limit, 10)
	if len(r.Carry) != 0 {
		t.Errorf("carried %d devices of a platform whose carry is refused", len(r.Carry))
	}
	last := r.Diagnostics[len(r.Diagnostics)-1]
	if len(r.Diagnostics) != 1+plan.GroupShown+1 || last.More != 5 || last.Message != "… and 5 more licenses that would start over their machine limit" {
		t.Errorf("got %d diagnostics, last %+v", len(r.Diagnostics), last)
	}
}

func TestCarryTime(t *testing.T) {
	for n, want := range map[int]time.Duration{0: 0, 1: 0, 2: 6 * time.Second, 11: time.Minute} {
		if got := CarryTime(n, 10); got != want {
			t.Errorf("CarryTime(%d, 10) = %v, want %v", n, got, want)
		}
	}
}
