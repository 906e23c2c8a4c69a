package cli

import (
	"errors"
	"fmt"

	"github.com/licentric/licentric-sync/engine"
)

// RefreshCmd reads the whole Licentric account and keeps it as the view
// plans use, for a scheduled job; it reports the drift made outside this
// tool since the last read, and blocks when the account suddenly shrank.
type RefreshCmd struct {
	ConfigFlag
	Ack string `name:"ack" placeholder:"DIGEST" help:"Keep this read although the account shrank by more than 5 % (DIGEST from the blocked run)."`
}

// Run refreshes.
func (c *RefreshCmd) Run(e *env) error {
	eng, err := e.engine()
	if err != nil {
		return err
	}
	eng.KeepView, eng.ReadNow = true, true
	t, err := eng.OpenTarget(engine.ReadOnly)
	if err != nil {
		return err
	}
	defer t.Close()
	r, err := eng.Refresh(e.ctx, t, c.Ack)
	e.report.finish()
	var blocked *engine.RefreshBlockedError
	if errors.As(err, &blocked) {
		return &exitError{code: ExitBlocked, err: err}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Kept the account as read now: %d licenses (the view held %d).\n", r.After, r.Before)
	fmt.Fprintf(e.stdout, "Drift since the view (made outside licentric-sync: the dashboard, another tool): %d changed, %d new, %d gone.\n",
		r.Changed, r.Appeared, r.Gone)
	if r.OtherAccount && r.Before > 0 {
		fmt.Fprintln(e.stdout, "The view was read with another API key or URL; it now holds this account.")
	}
	return nil
}
