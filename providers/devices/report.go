package devices

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
)

// Held is a device joined to the desired license its relationship names.
type Held struct {
	Key    license.Key
	Device Device
}

// Source is one source's devices with what the report needs of it.
type Source struct {
	Name string
	Spec Spec
	// Carry is devices: carry on the source.
	Carry   bool
	Devices []Device
}

// Report is what the plan says of the sources' devices, and the devices
// apply activates (devices: carry only, refusable ones left out).
type Report struct {
	Diagnostics []plan.Diagnostic
	Carry       []Held
}

// Limit is a desired license's machine limit (license.Unlimited for
// none) and where it comes from, for messages.
type Limit func(*license.License) (max int, from string)

// Limits say a desired license's machine limit: its override, else its
// policy's.
func Limits(policies []license.Policy) Limit {
	byID := map[string]int{}
	for _, p := range policies {
		byID[p.ID] = p.MaxMachines
	}
	return func(l *license.License) (int, string) {
		if l.MaxMachinesOverride != nil {
			return *l.MaxMachinesOverride, "the license's own limit"
		}
		if m, ok := byID[l.Policy]; ok {
			return m, fmt.Sprintf("policy %q", l.Policy)
		}
		return license.Unlimited, ""
	}
}

// Build reports one source's devices against the desired licenses of
// that source (by the source's license id), each license's machine
// limit, and Licentric's fingerprint bounds; perMinute is Licentric's
// activation rate, which says how long carrying takes.
func Build(src Source, byID map[string]*license.License, limit Limit, perMinute int) Report {
	var r Report
	counts, carried := map[string]int{}, map[string]int{}
	var order []string
	var orphans []Device
	var heartbeat []plan.Diagnostic
	fingerprints := src.Spec.CarryRefused == "" // the platform keeps a fingerprint worth checking
	for _, d := range src.Devices {
		l := byID[d.LicenseID]
		if l == nil {
			orphans = append(orphans, d)
			continue
		}
		if counts[d.LicenseID] == 0 {
			order = append(order, d.LicenseID)
			if d.RequireHeartbeat {
				heartbeat = append(heartbeat, plan.Diagnostic{Severity: plan.Note, Ref: l.Key.Ref(), Where: d.Where, Hidden: hiddenKey(l),
					Message: "its " + src.Spec.Noun + " must send heartbeats on the old platform (requireHeartbeat); Licentric's heartbeat is SDK-only: have the app heartbeat Licentric after switching"})
			}
		}
		counts[d.LicenseID]++
		if !fingerprints {
			continue
		}
		if err := CheckFingerprint(d.Fingerprint); err != nil {
			fp := license.Ref("fingerprint", d.Fingerprint)
			r.Diagnostics = append(r.Diagnostics, plan.Diagnostic{Severity: plan.Warning, Ref: l.Key.Ref(), Where: d.Where,
				Message: fmt.Sprintf("a device (%s) %v, so it cannot be carried", fp, err),
				Hidden:  append(hiddenKey(l), plan.Hidden{Ref: fp, Value: "fingerprint " + strconv.Quote(d.Fingerprint)})})
			continue
		}
		if src.Carry && withinLimit(limit, l, carried[d.LicenseID]) {
			carried[d.LicenseID]++
			r.Carry = append(r.Carry, Held{Key: l.Key, Device: d})
		}
	}
	var over []plan.Diagnostic
	for _, id := range order {
		l := byID[id]
		if m, from := limit(l); m != license.Unlimited && counts[id] > m {
			over = append(over, plan.Diagnostic{Severity: plan.Warning, Ref: l.Key.Ref(), Where: l.Origin.At(), Hidden: hiddenKey(l),
				Message: fmt.Sprintf("would start over its machine limit: %d %s on the old platform, %s allows %d%s", counts[id], src.Spec.Noun, from, m, carryNote(src.Carry, m))})
		}
	}
	r.Diagnostics = append(grouped(r.Diagnostics, "devices whose fingerprint Licentric would refuse"), grouped(over, "licenses that would start over their machine limit")...)
	r.Diagnostics = append(r.Diagnostics, grouped(heartbeat, "licenses whose devices must send heartbeats")...)
	if len(orphans) > 0 {
		r.Diagnostics = append(r.Diagnostics, plan.Diagnostic{Severity: plan.Warning, Where: orphans[0].Where,
			Message: fmt.Sprintf("source %s: %d %s name a license that is not among the licenses read (first here); they are neither reported nor carried", src.Name, len(orphans), src.Spec.Noun)})
	}
	r.Diagnostics = append([]plan.Diagnostic{summary(src, len(src.Devices)-len(orphans), len(order), len(r.Carry), perMinute)}, r.Diagnostics...)
	return r
}

// hiddenKey lets --show-sensitive show the license's key where a
// finding names it by reference, as the plan's change lines do.
func hiddenKey(l *license.License) []plan.Hidden {
	return []plan.Hidden{{Ref: l.Key.Ref(), Value: l.Key.Reveal()}}
}

// withinLimit says whether a license holding n carried devices may take
// one more: Licentric refuses activations past its machine limit, so a
// carry activates the first ones the limit allows (the plan warns of the
// rest).
func withinLimit(limit Limit, l *license.License, n int) bool {
	m, _ := limit(l)
	return m == license.Unlimited || n < m
}

// grouped keeps a few examples of one kind of finding and counts the
// rest in one line, whatever their numbers say (plan.GroupBy).
func grouped(ds []plan.Diagnostic, what string) []plan.Diagnostic {
	return plan.GroupBy(ds, func(*plan.Diagnostic) string { return what }, func(d *plan.Diagnostic, n int) plan.Diagnostic {
		return plan.Diagnostic{Severity: d.Severity, More: n, Message: fmt.Sprintf("… and %d more %s", n, what)}
	})
}

// summary is the note that counts a source's devices and says what
// apply does with them, with the time carrying takes at Licentric's
// activation rate.
func summary(src Source, held, licenses, carry, perMinute int) plan.Diagnostic {
	var b strings.Builder
	fmt.Fprintf(&b, "source %s: %d %s on %d licenses", src.Name, held, src.Spec.Noun, licenses)
	switch {
	case !src.Carry:
		b.WriteString("; reported only (devices: carry would activate them on Licentric)")
	default:
		fmt.Fprintf(&b, "; apply activates %d through POST /machines at %d a minute: %s", carry, perMinute, CarryTime(carry, perMinute))
	}
	return plan.Diagnostic{Severity: plan.Note, Message: b.String()}
}

// CarryTime is how long n activations take at perMinute, paced evenly
// (one every minute/perMinute, the first at once): the apply's pace.
func CarryTime(n, perMinute int) time.Duration {
	if perMinute <= 0 || n <= 1 {
		return 0
	}
	return time.Duration(n-1) * Pace(perMinute)
}

// Pace is the gap between two activations at perMinute.
func Pace(perMinute int) time.Duration { return time.Minute / time.Duration(perMinute) }

// ActivationsPerMinute is Licentric's POST /machines rate limit (per IP,
// docs/licentric-api.md).
const ActivationsPerMinute = 10

// carryNote says, on a license over its limit, what a carry does.
func carryNote(carry bool, m int) string {
	if !carry {
		return ""
	}
	return fmt.Sprintf("; devices: carry activates the first %d", m)
}
