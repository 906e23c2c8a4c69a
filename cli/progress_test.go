package cli

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestPlainProgressIsSpaced: in CI, progress prints once per activity
// per plainEvery and every distinct wait.
func TestPlainProgressIsSpaced(t *testing.T) {
	var out bytes.Buffer
	r := newProgressReporter(&out, false)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r.now = func() time.Time { return now }
	r.Progress("reading licenses from X", 100, 0)
	r.Progress("reading licenses from X", 200, 0) // too soon
	now = now.Add(plainEvery)
	r.Progress("reading licenses from X", 300, 0)
	r.Waiting("the account's rate limit", 30*time.Second)
	r.Waiting("the account's rate limit", 30*time.Second) // same second
	r.Progress("applying", 5, 10)
	r.finish()
	want := "reading licenses from X: 100 so far\nreading licenses from X: 300 so far\nwaiting 30s for the account's rate limit\napplying: 5 of 10\n"
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}
