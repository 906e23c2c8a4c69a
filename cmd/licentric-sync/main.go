// Command licentric-sync migrates and syncs software licenses from Keygen,
// Cryptlex and LemonSqueezy into Licentric. See the README.
package main

import (
	"os"

	"github.com/licentric/licentric-sync/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
