package progress

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestPlainProgressIsSpaced: in CI, progress prints once per activity
// per PlainEvery and every distinct wait.
func TestPlainProgressIsSpaced(t *testing.T) {
	var out bytes.Buffer
	r := New(&out, false)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r.Now = func() time.Time { return now }
	r.Progress("reading licenses from X", 100, 0)
	r.Progress("reading licenses from X", 200, 0) // too soon
	now = now.Add(PlainEvery)
	r.Progress("reading licenses from X", 300, 0)
	r.Waiting("the account's rate limit", 30*time.Second)
	r.Waiting("the account's rate limit", 30*time.Second) // same second
	r.Progress("applying", 5, 10)
	r.Done()
	want := "reading licenses from X: 100 so far\nreading licenses from X: 300 so far\nwaiting 30s for the account's rate limit\napplying: 5 of 10\n"
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

// TestPlainCountLines: an apply's count prints a line per tenth of the
// work, and one more when PlainEvery passed, never on a clock of its own.
func TestPlainCountLines(t *testing.T) {
	var out bytes.Buffer
	r := New(&out, false)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r.Now = func() time.Time { return now }
	add := r.Count(100)
	for range 25 {
		add(1) // lines at 10 and 20
	}
	now = now.Add(PlainEvery)
	add(1) // 26: the clock passed
	add(74)
	r.Done()
	want := "apply: 10/100 changes (10%)\napply: 20/100 changes (20%)\napply: 26/100 changes (26%)\napply: 100/100 changes (100%)\n"
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

// TestCountClosesTheReadSpinner: on a terminal, starting the apply's
// count finishes the read spinner, so the two never draw at once; a wait
// during the apply takes the line, and the next batch draws the count
// again where it was.
func TestCountClosesTheReadSpinner(t *testing.T) {
	var out bytes.Buffer
	r := New(&out, true)
	r.Progress("reading source legacy", 100, 0)
	if r.bar == nil || r.barWhat != "reading source legacy" {
		t.Fatalf("no spinner while reading")
	}
	spinner := r.bar
	add := r.Count(10)
	if !spinner.IsFinished() || r.bar != nil {
		t.Fatalf("the read spinner is still open when the apply starts")
	}
	add(4)
	r.Waiting("the account's rate limit", 0)
	if r.bar != nil {
		t.Fatalf("the wait did not take the line")
	}
	add(2)
	if r.bar == nil || r.barWhat != countBar || r.bar.State().CurrentNum != 6 {
		t.Fatalf("after the wait the count is not drawn again at 6 (%q)", r.barWhat)
	}
	r.Done()
	if r.bar != nil {
		t.Fatalf("Done left a bar open")
	}
}
