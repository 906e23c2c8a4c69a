package mapping

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/mdcap"
)

// WriteReviews renders mapping reviews as text (for a terminal), markdown
// (a PR comment: the text review in a code block, capped by mdcap with
// the cap stated) or JSON.
func WriteReviews(w io.Writer, reviews []*Review, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(reviews)
	case "markdown":
		return markdownReviews(w, reviews)
	}
	var b strings.Builder
	textReviews(&b, reviews)
	_, err := io.WriteString(w, b.String())
	return err
}

func textReviews(w io.Writer, reviews []*Review) {
	for i, rv := range reviews {
		if i > 0 {
			fmt.Fprintln(w)
		}
		writeReview(w, rv)
	}
}

// markdownReviews puts the text review in a code block, line by line
// until the comment's cap, and counts the lines left out.
func markdownReviews(w io.Writer, reviews []*Review) error {
	var text strings.Builder
	textReviews(&text, reviews)
	b := mdcap.New(mdcap.PRComment)
	b.WriteString("### licentric-sync mapping\n\n```text\n")
	for _, line := range strings.SplitAfter(text.String(), "\n") {
		if line != "" {
			b.Add(line)
		}
	}
	b.WriteString("```\n\n")
	b.Cut("lines", "run `licentric-sync mapping` for the whole review")
	_, err := io.WriteString(w, b.String())
	return err
}

func writeReview(w io.Writer, rv *Review) {
	r := rv.Report
	fmt.Fprintf(w, "Source %s (%s): %s\n", rv.Source, rv.Platform, license.Printable(strings.Join(r.Files, ", ")))
	format := r.Format
	if r.Delimiter != "" {
		format += ", " + r.Delimiter + "-separated"
	}
	if r.Encoding != "" {
		format += ", decoded from " + r.Encoding
	}
	fmt.Fprintf(w, "  read as %s, %d rows", format, r.Rows)
	if rv.Problems > 0 {
		fmt.Fprintf(w, ", %d rows with problems (run validate to see them)", rv.Problems)
	}
	fmt.Fprintln(w)
	if len(r.Columns) > 0 {
		fmt.Fprintln(w, "  fields:")
		for _, u := range r.Columns {
			how := "auto"
			if u.Override {
				how = "columns:"
			}
			fmt.Fprintf(w, "    %-13s ← %q (%s)\n", u.Field, u.Column, how)
		}
	}
	if len(r.Unused) > 0 {
		fmt.Fprintf(w, "  unused columns: %s\n", license.Printable(strings.Join(r.Unused, ", ")))
	}
	for _, f := range []string{"product", "policy", "variant", "status"} {
		vals := rv.Values[f]
		if len(vals) == 0 {
			continue
		}
		fmt.Fprintf(w, "  %s values:\n", f)
		for _, v := range vals {
			fmt.Fprintf(w, "    %-30q %7d → %s\n", v.Value, v.Count, license.Printable(strings.Join(v.MapsTo, ", ")))
		}
	}
}
