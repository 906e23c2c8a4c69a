package plan

import (
	"fmt"

	"github.com/licentric/licentric-sync/license"
)

// Limits are the account's caps the plan is checked against (0: none).
type Limits struct {
	Tier            string
	ActiveLicenses  int
	MonthlyRequests int
}

// AccountUse is what the account holds and spends against its caps:
// active licenses (neither deleted nor expired; suspended ones count)
// now and after the apply, and the requests the apply makes.
type AccountUse struct {
	Tier           string `json:"tier,omitempty"`
	ActiveNow      int    `json:"active_now"`
	ActiveAfter    int    `json:"active_after"`
	ActiveLicenses int    `json:"active_licenses_cap,omitempty"`
	// Requests is what an apply makes (Estimate.Requests), its read
	// included: a plan that changes nothing still reads the account.
	Requests        int `json:"requests"`
	MonthlyRequests int `json:"monthly_requests_cap,omitempty"`
	// Read is what this plan itself made: the target read.
	Read int `json:"read,omitempty"`
}

// counts reports whether a license counts against the active cap.
func counts(st license.Status) bool { return st != license.Expired }

// accountUse works out the active licenses after the plan from those the
// target holds now and each change's effect.
func accountUse(p *Plan, activeNow int, l Limits) *AccountUse {
	u := &AccountUse{Tier: l.Tier, ActiveNow: activeNow, ActiveAfter: activeNow, ActiveLicenses: l.ActiveLicenses,
		Requests: p.Estimate.Requests, MonthlyRequests: l.MonthlyRequests, Read: p.Estimate.Read}
	for i := range p.Changes {
		c := &p.Changes[i]
		if c.Kind != KindLicense || c.License == nil {
			continue
		}
		switch {
		case c.Action == Create && counts(c.License.Status):
			u.ActiveAfter++
		case c.Action == Delete && counts(c.License.Status):
			u.ActiveAfter--
		case c.StatusAction == license.Expire:
			u.ActiveAfter--
		case c.StatusAction == license.Reinstate && c.fromExpired():
			u.ActiveAfter++
		}
	}
	return u
}

// fromExpired reports a reinstate whose status diff starts at expired.
func (c *Change) fromExpired() bool {
	for _, f := range c.Fields {
		if f.Field == "status" {
			return f.Before == string(license.Expired)
		}
	}
	return false
}

// overCaps lists the caps the apply would cross: at the cap Licentric
// blocks creating, so the apply would stop part-way.
func (u *AccountUse) overCaps() []string {
	if u == nil {
		return nil
	}
	var out []string
	tier := ""
	if u.Tier != "" {
		tier = " (tier " + u.Tier + ")"
	}
	if u.ActiveLicenses > 0 && u.ActiveAfter > u.ActiveLicenses && u.ActiveAfter > u.ActiveNow {
		out = append(out, fmt.Sprintf("%d active licenses after this apply, over the account's cap of %d%s: creating stops at the cap; raise the plan or leave licenses out",
			u.ActiveAfter, u.ActiveLicenses, tier))
	}
	if u.MonthlyRequests > 0 && u.Requests > u.MonthlyRequests {
		out = append(out, fmt.Sprintf("about %d API requests, over the account's %d a month%s (failed requests count too)",
			u.Requests, u.MonthlyRequests, tier))
	}
	return out
}

// Line tells reviewers where the account stands against its caps.
func (u *AccountUse) Line() string {
	if u == nil {
		return ""
	}
	s := fmt.Sprintf("Active licenses: %d now, %d after this apply", u.ActiveNow, u.ActiveAfter)
	if u.ActiveLicenses > 0 {
		s += fmt.Sprintf(" (cap %d)", u.ActiveLicenses)
	}
	if u.MonthlyRequests > 0 && u.Read > 0 { // a local store takes no requests
		s += fmt.Sprintf("; an apply makes about %d requests of the %d a month (this plan made %d)", u.Requests, u.MonthlyRequests, u.Read)
	}
	if u.Tier != "" {
		s += "; tier " + u.Tier
	}
	return s + "."
}
