package render

import (
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/licentric/licentric-sync/license"
)

// lineDiff renders a change between values that span several lines (a
// license name or note pasted with line breaks) as a unified line diff,
// instead of one unreadable "old → new" line.
func lineDiff(before, after, indent string) string {
	dmp := diffmatchpatch.New()
	a, b, lines := dmp.DiffLinesToChars(before, after)
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(a, b, false), lines)
	var out strings.Builder
	for _, d := range diffs {
		mark := "  "
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			mark = "- "
		case diffmatchpatch.DiffInsert:
			mark = "+ "
		}
		for _, line := range strings.SplitAfter(d.Text, "\n") {
			if line == "" {
				continue
			}
			out.WriteString(indent + mark + license.Printable(strings.TrimSuffix(line, "\n")) + "\n")
		}
	}
	return out.String()
}

// multiline reports whether a field diff needs the line form.
func multiline(before, after string) bool {
	return strings.Contains(before, "\n") || strings.Contains(after, "\n")
}
