package mdcap

import (
	"encoding/json"
	"io"
	"math"
)

// WriteReport writes a report in the formats the report commands
// (verify, compare) share: json is v indented, whole; markdown is text
// under title, bulleted "- " and capped for $GITHUB_STEP_SUMMARY, where
// CI posts it; text is uncapped, indented, without a title.
func WriteReport(w io.Writer, format, title string, v any, text func(w io.Writer, b *Builder, title, bullet string) error) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	case "markdown":
		return text(w, New(StepSummary), title, "- ")
	}
	return text(w, New(Dest{Name: "the terminal", Limit: math.MaxInt}), "", "  ")
}
