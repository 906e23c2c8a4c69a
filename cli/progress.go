package cli

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progressReporter shows what long reads and waits are doing on stderr:
// on a terminal as one spinner line with a count, elsewhere (CI) as a
// plain line at most every plainEvery per activity, and every wait long
// enough to notice. It never prints keys or personal data: only counts,
// resource names and reasons.
type progressReporter struct {
	mu       sync.Mutex
	w        io.Writer
	terminal bool
	bar      *progressbar.ProgressBar
	barWhat  string
	last     map[string]time.Time
	now      func() time.Time
}

// plainEvery spaces plain progress lines in CI logs.
const plainEvery = 5 * time.Second

func newProgressReporter(w io.Writer, terminal bool) *progressReporter {
	return &progressReporter{w: w, terminal: terminal, last: map[string]time.Time{}, now: time.Now}
}

// Progress reports done of total (0: unknown) items of what.
func (r *progressReporter) Progress(what string, done, total int) {
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
	if now := r.now(); now.Sub(r.last[what]) >= plainEvery {
		r.last[what] = now
		if total > 0 {
			fmt.Fprintf(r.w, "%s: %d of %d\n", what, done, total)
		} else {
			fmt.Fprintf(r.w, "%s: %d so far\n", what, done)
		}
	}
}

// Waiting reports a pause, at most once a second per reason.
func (r *progressReporter) Waiting(why string, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	key := "wait: " + why
	if now := r.now(); now.Sub(r.last[key]) >= time.Second {
		r.last[key] = now
		r.closeBar()
		fmt.Fprintf(r.w, "waiting %s for %s\n", d.Round(time.Second), why)
	}
}

// finish clears the terminal line once the reads are over.
func (r *progressReporter) finish() {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closeBar()
}

func (r *progressReporter) closeBar() {
	if r.bar != nil {
		_ = r.bar.Finish()
		r.bar = nil
	}
}
