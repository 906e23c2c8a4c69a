package verify

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/license"
)

// TestReportEscapesTheTargetsAnswers: a validate-key code from a hostile
// target (an escape sequence) and a target URL with user:password@ print
// escaped and without the credentials in the text and markdown reports.
func TestReportEscapesTheTargetsAnswers(t *testing.T) {
	r := &Report{FormatVersion: ReportVersion, Target: "Licentric API https://ops:hunter2@h/api/v1", Desired: 1, Matched: 1}
	Check(context.Background(), Sample([]license.License{lic("A", license.Active)}, 5, 1),
		func(context.Context, license.Key) (bool, string, error) { return false, "BAD\x1b]0;pwned\x07", nil }, 0, r)
	r.Finish()
	for _, format := range []string{"text", "markdown"} {
		var buf bytes.Buffer
		if err := r.Write(&buf, format); err != nil {
			t.Fatal(err)
		}
		if out := buf.String(); strings.ContainsAny(out, "\x1b\x07") || strings.Contains(out, "hunter2") || !strings.Contains(out, `BAD\x1b]0;pwned\x07`) {
			t.Fatalf("%s report:\n%q", format, out)
		}
	}
}
