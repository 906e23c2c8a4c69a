package mapping

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/mdcap"
	"github.com/licentric/licentric-sync/providers"
)

// TestMarkdownReviewCapped: a source with thousands of distinct product
// values still makes a mapping review GitHub accepts as a comment, with
// its fence closed and what it left out counted against the stated cap.
func TestMarkdownReviewCapped(t *testing.T) {
	rv := &Review{Source: "legacy", Platform: "csv", Report: &providers.ReadReport{Files: []string{"x.csv"}, Format: "csv", Rows: 5000},
		Values: map[string][]Value{}}
	for i := 0; i < 5000; i++ {
		rv.Values["product"] = append(rv.Values["product"], Value{Value: fmt.Sprintf("Product edition %d", i), Count: 1, MapsTo: []string{"app"}})
	}
	var text, md bytes.Buffer
	if err := WriteReviews(&text, []*Review{rv}, "text"); err != nil {
		t.Fatal(err)
	}
	if err := WriteReviews(&md, []*Review{rv}, "markdown"); err != nil {
		t.Fatal(err)
	}
	out := md.String()
	if len(out) > mdcap.CommentLimit {
		t.Fatalf("markdown is %d bytes, over %d", len(out), mdcap.CommentLimit)
	}
	shown := strings.Count(out, "\n")
	total := strings.Count(text.String(), "\n")
	if !strings.Contains(out, "```\n\n**") || !strings.Contains(out, fmt.Sprintf("more lines not shown**: a GitHub comment takes at most %d characters", mdcap.CommentLimit)) {
		t.Fatalf("the capped review does not close its block or state the cap (%d of %d lines)", shown, total)
	}
	if !strings.HasPrefix(out, "### licentric-sync mapping\n\n```text\nSource legacy (csv): x.csv\n") {
		t.Fatalf("markdown does not start with the review:\n%.200s", out)
	}
}
