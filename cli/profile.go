package cli

import (
	"fmt"
	"io"
	"os"
	"runtime"
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

// writeAllocProfile writes where the run allocated when
// LICENTRIC_SYNC_MEMPROFILE names a file: peak memory follows how much
// garbage a read makes, and this names the allocation sites.
func writeAllocProfile(path string, stderr io.Writer) {
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(stderr, "memory profile: %v\n", err)
		return
	}
	defer f.Close()
	runtime.GC() // the profile counts what the last collection saw
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		fmt.Fprintf(stderr, "memory profile: %v\n", err)
	}
}
