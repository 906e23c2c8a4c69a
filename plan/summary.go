package plan

import "fmt"

// Summary counts changes, for the one-line total and the markdown table.
type Summary struct {
	Create        int                     `json:"create"`
	Update        int                     `json:"update"`
	Delete        int                     `json:"delete"`
	StatusChanges int                     `json:"status_changes"`
	ByKind        map[Kind]map[Action]int `json:"by_kind"`
}

// Summarize counts a plan's changes: the one count every renderer, the
// JSON by_kind table and the safety thresholds read. A license change that
// both edits fields and changes status counts as an update and as its
// status action (update+suspend is one update and one suspend).
func Summarize(changes []Change) Summary {
	s := Summary{ByKind: map[Kind]map[Action]int{}}
	for _, c := range changes {
		if s.ByKind[c.Kind] == nil {
			s.ByKind[c.Kind] = map[Action]int{}
		}
		s.ByKind[c.Kind][c.Action]++
		if c.Action == Update && c.StatusAction != "" {
			s.ByKind[c.Kind][Action(c.StatusAction)]++
		}
		switch c.Action {
		case Create:
			s.Create++
		case Update:
			s.Update++
		case Delete:
			s.Delete++
		}
		if c.StatusAction != "" {
			s.StatusChanges++
		}
	}
	return s
}

// Line is the summary sentence every renderer ends with.
func (s Summary) Line() string {
	if s.Create+s.Update+s.Delete+s.StatusChanges == 0 {
		return "No changes. The target matches the desired state."
	}
	return fmt.Sprintf("Plan: %d to create, %d to update, %d to delete, %d status changes.",
		s.Create, s.Update, s.Delete, s.StatusChanges)
}

// Line describes the estimate for people: the total apply makes and its
// parts, e.g. "About 2407 API requests for apply (2002 to read the
// target, 400 imports and 3 other writes, 2002 for the closing check),
// 20m04s at 120 requests/min; …".
func (e Estimate) Line() string {
	switch {
	case e.Requests == 0 && e.PerMinute == 0:
		return "No API requests: the target is the local store."
	case e.Requests == 0:
		return "Nothing to apply: no API request (the target is planned from its kept view)."
	case e.Requests == e.Read && e.Write == 0:
		return fmt.Sprintf("Nothing to apply: an apply would only read the target, %d API requests (this plan made as many).", e.Read)
	}
	parts := fmt.Sprintf("%d to read the target, %s, %d for the closing check", e.Read, e.writes(), e.Check)
	if e.PerMinute == 0 {
		return fmt.Sprintf("About %d API requests for apply (%s; no rate limit).", e.Requests, parts)
	}
	return fmt.Sprintf("About %d API requests for apply (%s), %s at %d requests/min; they count against the account's monthly request quota.",
		e.Requests, parts, duration(e.Seconds), e.PerMinute)
}

func (e Estimate) writes() string {
	other := e.Write - e.Imports
	switch {
	case e.Imports == 0:
		return fmt.Sprintf("%d %s", other, plural(other, "write", "writes"))
	case other == 0:
		return fmt.Sprintf("%d %s", e.Imports, plural(e.Imports, "import", "imports"))
	}
	return fmt.Sprintf("%d %s and %d other %s", e.Imports, plural(e.Imports, "import", "imports"), other, plural(other, "write", "writes"))
}

func duration(sec float64) string {
	switch {
	case sec < 60:
		return fmt.Sprintf("%.0fs", sec)
	case sec < 3600:
		return fmt.Sprintf("%.0fm%02.0fs", float64(int(sec)/60), float64(int(sec)%60))
	}
	return fmt.Sprintf("%dh%02dm", int(sec)/3600, (int(sec)%3600)/60)
}
