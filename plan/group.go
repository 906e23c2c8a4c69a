package plan

import "fmt"

// GroupShown is how many findings with the same message are listed before
// the rest are counted in one line: enough to see the pattern and find
// the rows, few enough that 200,000 identical conflicts stay readable.
const GroupShown = 20

// GroupBy keeps, for each key, the first GroupShown items in their order
// and appends one summary item per key that had more, built by more from
// the first item of the group and the number left out. It is the one
// grouping of repeated findings: plan diagnostics, mapping warnings and
// verify problems all go through it.
func GroupBy[T any](items []T, key func(*T) string, more func(first *T, n int) T) []T {
	count := map[string]int{}
	firsts := map[string]int{}
	var order []string
	out := items[:0:0]
	for i := range items {
		k := key(&items[i])
		count[k]++
		if count[k] == 1 {
			firsts[k] = i
			order = append(order, k)
		}
		if count[k] <= GroupShown {
			out = append(out, items[i])
		}
	}
	for _, k := range order {
		if n := count[k] - GroupShown; n > 0 {
			out = append(out, more(&items[firsts[k]], n))
		}
	}
	return out
}

// Group groups diagnostics by severity and message. The summary line
// keeps the severity, says how many more there were and carries the
// count in More, so totals stay exact in every format.
func Group(ds []Diagnostic) []Diagnostic {
	return GroupBy(ds, func(d *Diagnostic) string { return string(d.Severity) + "\x00" + d.Message },
		func(d *Diagnostic, n int) Diagnostic {
			return Diagnostic{Severity: d.Severity, More: n, Message: fmt.Sprintf("… and %d more like this: %s", n, d.Message)}
		})
}

// Count is how many findings a diagnostic stands for: one, or for a
// group's summary line the number it left out.
func (d Diagnostic) Count() int { return max(d.More, 1) }

// Counts are the findings per severity, group summaries included at their
// full count.
func Counts(ds []Diagnostic) map[Severity]int {
	out := map[Severity]int{}
	for _, d := range ds {
		out[d.Severity] += d.Count()
	}
	return out
}
