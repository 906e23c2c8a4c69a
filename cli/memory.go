package cli

import (
	"bufio"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
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

// tuneMemory sets the collector for a run over about licenses licenses:
// a soft memory limit of bytesPerLicense each (at least minLimit), never
// above three quarters of the machine's memory. GOGC and GOMEMLIMIT in the
// environment win over both settings.
func tuneMemory(licenses int) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit(licenses, physicalMemory()))
	}
}

// memoryLimit is the soft limit for licenses on a machine with physical
// bytes of memory (0 when unknown).
func memoryLimit(licenses int, physical int64) int64 {
	limit := max(int64(licenses)*bytesPerLicense, minLimit)
	if physical > 0 {
		limit = min(limit, physical/4*3)
	}
	return limit
}

// physicalMemory reads MemTotal from /proc/meminfo; 0 where there is none.
func physicalMemory() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		fields := strings.Fields(s.Text())
		if len(fields) >= 2 && fields[0] == "MemTotal:" {
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
