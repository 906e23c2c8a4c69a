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
		func(context.Context, license.Key) (bool, string, error) { return false, "BAD\x1b]0;pwned\x07", nil }, nil, r)
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

// stepPacer records its waits in the same log as the calls, and refuses
// the wait numbered stopAt (a run whose context ended while it waited).
type stepPacer struct {
	log    *[]string
	stopAt int
}

func (p stepPacer) Wait(ctx context.Context) error {
	*p.log = append(*p.log, "wait")
	if len(*p.log)/2+1 == p.stopAt {
		return context.Canceled
	}
	return nil
}

// TestCheckWaitsForThePace: every validate-key call comes after the
// pace let it, and a wait that ends (the run stopped) ends the check
// without another call.
func TestCheckWaitsForThePace(t *testing.T) {
	ls := []license.License{lic("A", license.Active), lic("B", license.Suspended), lic("C", license.Revoked)}
	var log []string
	r := &Report{}
	Check(context.Background(), Sample(ls, 5, 1), func(context.Context, license.Key) (bool, string, error) {
		log = append(log, "call")
		return true, "VALID", nil
	}, stepPacer{log: &log, stopAt: 3}, r)
	if want := "wait call wait call wait"; strings.Join(log, " ") != want || r.Sample.Checked != 2 {
		t.Fatalf("calls and waits: %q, %d checked; want %q, 2 checked", strings.Join(log, " "), r.Sample.Checked, want)
	}
}
