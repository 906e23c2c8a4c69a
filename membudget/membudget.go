// Package membudget sizes the garbage collector for one run: a soft
// memory limit that follows the input, capped by the memory the process
// may really use (a container's cgroup limit, else the machine's). The
// settings are process-wide, so only the program's main applies them;
// tests that run the CLI in-process leave the collector alone.
package membudget

import (
	"os"
	"runtime/debug"

	"github.com/KimMachineGun/automemlimit/memlimit"
)

// Memory budget. A planned license costs well under bytesPerLicense of
// heap on both sides of the diff; the soft limit lets the collector run
// rarely (GOGC gcPercent) while the heap is far from it, and makes it work
// harder near it, so peak memory follows the input instead of a constant.
const (
	gcPercent       = 400
	bytesPerLicense = 1200 // heap per license; RSS then stays inside the 1.5 GB per million budget
	minLimit        = 256 << 20
)

// Tune sets the collector for a run over about licenses licenses: a soft
// memory limit of bytesPerLicense each (at least minLimit), never above
// three quarters of the memory the process may use. GOGC and GOMEMLIMIT
// in the environment win over both settings.
func Tune(licenses int) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(Limit(licenses, Available()))
	}
}

// Limit is the soft limit for licenses when available bytes of memory
// may be used (0 when unknown: no cap).
func Limit(licenses int, available int64) int64 {
	limit := max(int64(licenses)*bytesPerLicense, minLimit)
	if available > 0 {
		limit = min(limit, available/4*3)
	}
	return limit
}

// Available is the memory this process may use: its cgroup's limit in a
// container (where the machine's total would let the heap outgrow the
// container and be killed), else the machine's total; 0 when neither is
// known. automemlimit reads cgroup v1 and v2.
func Available() int64 {
	provider := memlimit.ApplyFallback(memlimit.FromCgroup, memlimit.FromSystem)
	n, err := provider()
	if err != nil || n == 0 || n > uint64(1<<62) {
		return 0
	}
	return int64(n)
}
