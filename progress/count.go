package progress

import (
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
)

// Count starts counting total changes being applied and returns what
// each finished batch reports to (n more done). The read spinner is
// closed first, so the apply bar never draws over it. On a terminal the
// count is a bar with an estimate of the time left; elsewhere a line
// "apply: done/total changes (p%)" every tenth of the work or every
// PlainEvery, whichever comes first. Done ends it.
func (r *Reporter) Count(total int) func(n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closeBar()
	if total <= 0 {
		return func(int) {}
	}
	if r.terminal {
		done := 0
		return func(n int) {
			r.mu.Lock()
			defer r.mu.Unlock()
			done += n
			if r.barWhat != countBar { // a wait or a read took the line: draw the count again
				r.closeBar()
				r.bar, r.barWhat = applyBar(r.w, total), countBar
				_ = r.bar.Set(done - n)
			}
			_ = r.bar.Add(n)
		}
	}
	c := &plainCount{r: r, total: total, last: r.Now()}
	return c.add
}

// countBar marks the open bar as the apply's count (no read reports
// under this name).
const countBar = "\x00count"

// applyBar is the apply's bar: a count with an estimate of the time left.
func applyBar(w io.Writer, total int) *progressbar.ProgressBar {
	return progressbar.NewOptions(total, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription("applying"),
		progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true), progressbar.OptionClearOnFinish(),
		progressbar.OptionThrottle(100*time.Millisecond))
}

// plainCount prints an apply's count as spaced lines.
type plainCount struct {
	r                  *Reporter
	total, done, shown int
	last               time.Time
}

func (c *plainCount) add(n int) {
	c.r.mu.Lock()
	defer c.r.mu.Unlock()
	c.done += n
	step := c.total / 10
	if now := c.r.Now(); now.Sub(c.last) >= PlainEvery || (step > 0 && c.done-c.shown >= step) {
		fmt.Fprintf(c.r.w, "apply: %d/%d changes (%d%%)\n", c.done, c.total, c.done*100/c.total)
		c.last, c.shown = now, c.done
	}
}
