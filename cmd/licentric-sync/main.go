// Command licentric-sync migrates and syncs software licenses from Keygen,
// Cryptlex and LemonSqueezy into Licentric. See the README.
package main

import (
	"os"

	"github.com/licentric/licentric-sync/cli"
	"github.com/licentric/licentric-sync/membudget"
)

func main() {
	// The collector's budget is process-wide: set here, never by tests.
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr, cli.Options{TuneMemory: membudget.Tune}))
}
