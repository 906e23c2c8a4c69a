package cli

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
)

// startProfile writes a CPU profile when LICENTRIC_SYNC_CPUPROFILE names a
// file: how the benchmarks in bench/ find where time goes at a million
// licenses. It is a diagnostic switch, not part of the CLI contract.
func startProfile(path string, stderr io.Writer) func() {
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(stderr, "cpu profile: %v\n", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintf(stderr, "cpu profile: %v\n", err)
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
