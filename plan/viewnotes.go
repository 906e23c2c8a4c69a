package plan

import (
	"fmt"
	"time"
)

// What a plan says about a target kept as a view (a Licentric account,
// providers/licentric/view) beyond its changes: what the target was read
// from, and what the account's requests cost. Both differ from run to run
// of the same plan, so they are shown (text, markdown, JSON), never saved
// in a plan file or checksummed.

// ViewRead says the target came from the kept view, not a read made now.
type ViewRead struct {
	// ReadAt is when the view's last full read of the account finished.
	ReadAt time.Time `json:"read_at"`
	// WritesSince counts the writes this tool recorded in the view since.
	WritesSince int `json:"writes_since"`
}

// Line is the header's words: "target as read at … + N writes since".
func (v *ViewRead) Line() string {
	return fmt.Sprintf("target as read at %s + %d writes since", v.ReadAt.UTC().Format(time.RFC3339), v.WritesSince)
}

// Requests is the account's request use as the plan's notes show it, so a
// team on a monthly quota sees this run, the month and the schedule.
type Requests struct {
	// ThisPlan is what this plan sent to the account (0 from the view).
	ThisPlan int `json:"this_plan_sent"`
	// Apply is what an apply of this plan would send (Estimate.Requests).
	Apply int `json:"apply_would_send"`
	// Month ("2026-12", UTC) and MonthTotal are what this tool sent to the
	// account that month, this plan included, as kept with the view.
	Month      string `json:"month"`
	MonthTotal int    `json:"month_total"`
	// Schedule is what the drift workflow's schedule costs a month at
	// Licenses, the account's size as the view holds it.
	Schedule int `json:"drift_schedule_monthly"`
	Licenses int `json:"licenses"`
}

// Line is the note under the estimate.
func (r *Requests) Line() string {
	return fmt.Sprintf("Licentric requests: this plan sent %d, an apply would send about %d; this tool sent %d to this account this month (kept with the view); "+
		"the drift workflow's schedule (a plan from the view hourly, a refresh and a verify daily) costs about %d a month at %d licenses.",
		r.ThisPlan, r.Apply, r.MonthTotal, r.Schedule, r.Licenses)
}
