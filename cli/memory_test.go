package cli

import "testing"

func TestMemoryLimitFollowsInput(t *testing.T) {
	const gb = int64(1) << 30
	for _, tc := range []struct {
		licenses int
		physical int64
		want     int64
	}{
		{0, 24 * gb, minLimit},
		{100_000, 24 * gb, minLimit},
		{300_000, 24 * gb, 300_000 * bytesPerLicense},
		{1_000_000, 24 * gb, 1_000_000 * bytesPerLicense},
		{3_000_000, 24 * gb, 3_000_000 * bytesPerLicense},
		{3_000_000, 4 * gb, 3 * gb},                 // never past three quarters of the machine
		{3_000_000, 0, 3_000_000 * bytesPerLicense}, // unknown machine: no cap
	} {
		if got := memoryLimit(tc.licenses, tc.physical); got != tc.want {
			t.Errorf("memoryLimit(%d, %d) = %d, want %d", tc.licenses, tc.physical, got, tc.want)
		}
	}
	if physicalMemory() <= 0 {
		t.Log("no /proc/meminfo here; the limit is not capped by the machine")
	}
}
