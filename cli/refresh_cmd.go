package cli

import "github.com/licentric/licentric-sync/engine"

// RefreshCmd reads the whole Licentric account and keeps it as the view
// plans use, for a scheduled job; it reports the drift made outside this
// tool since the last read, and blocks when the account suddenly shrank.
type RefreshCmd struct {
	ConfigFlag
	Ack string `name:"ack" placeholder:"DIGEST" help:"Keep this read although the account shrank by more than 5 % (DIGEST from the blocked run)."`
}

// Run refreshes (engine.RefreshRequest).
func (c *RefreshCmd) Run(e *env) error {
	return e.run(&engine.RefreshRequest{Ack: c.Ack}, "")
}
