package verify

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers/httpx"
	"github.com/licentric/licentric-sync/providers/httpx/httpxtest"
)

// TestReportEscapesTheTargetsAnswers: a validate-key code from a hostile
// target (an escape sequence) and a target URL with user:password@ print
// escaped and without the credentials in the text and markdown reports.
func TestReportEscapesTheTargetsAnswers(t *testing.T) {
	r := &Report{FormatVersion: ReportVersion, Target: "Licentric API https://ops:hunter2@h/api/v1", Desired: 1, Matched: 1}
	Check(context.Background(), Sample([]license.License{lic("A", license.Active)}, 5, 1), fixed(testNow),
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
	Check(context.Background(), Sample(ls, 5, 1), fixed(testNow), func(context.Context, license.Key) (bool, string, error) {
		log = append(log, "call")
		return true, "VALID", nil
	}, stepPacer{log: &log, stopAt: 3}, r)
	if want := "wait call wait call wait"; strings.Join(log, " ") != want || r.Sample.Checked != 2 {
		t.Fatalf("calls and waits: %q, %d checked; want %q, 2 checked", strings.Join(log, " "), r.Sample.Checked, want)
	}
}

// testNow is the run's time in these tests: what has expired is decided
// at it, never at the wall clock's.
var testNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// TestCheckExpectsExpiredPastTheExpiry: an active license whose expiry
// is not after the run's time should answer EXPIRED, as Licentric
// decides; before it, VALID. A check that ignored the expiry would flag
// every license that ran out since it was migrated.
func TestCheckExpectsExpiredPastTheExpiry(t *testing.T) {
	expires := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	ls := []license.License{lic("A", license.Active, func(l *license.License) { l.ExpiresAt = &expires })}
	for _, c := range []struct {
		now  time.Time
		want string
	}{{expires.Add(-time.Second), "VALID"}, {expires, "EXPIRED"}, {expires.AddDate(10, 0, 0), "EXPIRED"}} {
		r := &Report{FormatVersion: ReportVersion, Target: "test", Desired: 1, Matched: 1}
		Check(context.Background(), Sample(ls, 5, 1), fixed(c.now), func(context.Context, license.Key) (bool, string, error) {
			return c.want == "VALID", c.want, nil
		}, nil, r)
		if r.Sample.Passed != 1 || len(r.Problems) != 0 {
			t.Errorf("at %s, answered %s: passed %d, problems %v; want it as expected", c.now, c.want, r.Sample.Passed, r.Problems)
		}
	}
}

// TestCheckJudgesEachKeyWhenItIsChecked: a paced sample takes time (a
// minute a key at 1/min), so a license that expires during the run is
// judged at its own check, not at the run's start: the target, on the
// same fake clock, answers VALID before the expiry and EXPIRED after it,
// and every answer is as expected.
func TestCheckJudgesEachKeyWhenItIsChecked(t *testing.T) {
	clock := httpxtest.NewClock(testNow)
	expires := testNow.Add(90 * time.Second)
	var ls []license.License
	for _, k := range []string{"A", "B", "C"} {
		ls = append(ls, lic(k, license.Active, func(l *license.License) { l.ExpiresAt = &expires }))
	}
	var answers []string
	target := func(context.Context, license.Key) (bool, string, error) {
		code := "VALID"
		if !expires.After(clock.Now()) {
			code = "EXPIRED"
		}
		answers = append(answers, code)
		return code == "VALID", code, nil
	}
	r := &Report{FormatVersion: ReportVersion, Target: "test", Desired: 3, Matched: 3}
	Check(context.Background(), Sample(ls, 5, 1), clock.Now, target, httpx.PerMinute(1, clock), r)
	if want := []string{"VALID", "VALID", "EXPIRED"}; strings.Join(answers, " ") != strings.Join(want, " ") {
		t.Fatalf("the target answered %v on the clock; want %v (the clock must cross the expiry mid-run)", answers, want)
	}
	if r.Sample.Passed != 3 || len(r.Problems) != 0 {
		t.Errorf("passed %d of 3, problems %v; want each key judged at its own check", r.Sample.Passed, r.Problems)
	}
}

// fixed is a clock stopped at now, for checks that do not wait.
func fixed(now time.Time) func() time.Time { return func() time.Time { return now } }
