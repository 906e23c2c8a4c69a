// Package progress is the one place a run's progress is drawn: long reads
// and waits (providers.Reporter) and the count of an apply. On a terminal
// it is one bar at a time (a spinner while reading, a bar with a count
// and an estimate while applying); elsewhere (CI) plain lines, spaced so
// a log stays readable. It never prints keys or personal data: only
// counts, resource names and reasons.
package progress

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// Reporter draws a run's progress on one writer (stderr). It is safe for
// the concurrent readers and appliers that report to it.
type Reporter struct {
	mu       sync.Mutex
	w        io.Writer
	terminal bool
	bar      *progressbar.ProgressBar
	barWhat  string
	last     map[string]time.Time
	// Now is the clock that spaces plain lines; time.Now by default, set
	// by tests so they never wait.
	Now func() time.Time
}

// PlainEvery spaces plain progress lines in CI logs.
const PlainEvery = 5 * time.Second

// New reports on w: as a bar when w is a terminal, as plain lines when not.
func New(w io.Writer, terminal bool) *Reporter {
	return &Reporter{w: w, terminal: terminal, last: map[string]time.Time{}, Now: time.Now}
}

// Progress reports done of total (0: unknown) items of what.
func (r *Reporter) Progress(what string, done, total int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.terminal {
		if r.bar == nil || r.barWhat != what {
			r.closeBar()
			max := int64(total)
			if total == 0 {
				max = -1
			}
			r.bar = progressbar.NewOptions64(max, progressbar.OptionSetWriter(r.w), progressbar.OptionSetDescription(what),
				progressbar.OptionShowCount(), progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(200*time.Millisecond))
			r.barWhat = what
		}
		_ = r.bar.Set(done)
		return
	}
	if now := r.Now(); now.Sub(r.last[what]) >= PlainEvery {
		r.last[what] = now
		if total > 0 {
			fmt.Fprintf(r.w, "%s: %d of %d\n", what, done, total)
		} else {
			fmt.Fprintf(r.w, "%s: %d so far\n", what, done)
		}
	}
}

// Waiting reports a pause, at most once a second per reason.
func (r *Reporter) Waiting(why string, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	key := "wait: " + why
	if now := r.Now(); now.Sub(r.last[key]) >= time.Second {
		r.last[key] = now
		r.closeBar()
		fmt.Fprintf(r.w, "waiting %s for %s\n", d.Round(time.Second), why)
	}
}

// Done clears the terminal line once the reads (or the apply) are over.
// A nil Reporter does nothing.
func (r *Reporter) Done() {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closeBar()
}

func (r *Reporter) closeBar() {
	if r.bar != nil {
		_ = r.bar.Finish()
		r.bar = nil
		r.barWhat = ""
	}
}
