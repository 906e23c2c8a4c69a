package membudget

import "testing"

func TestLimitFollowsInput(t *testing.T) {
	const gb = int64(1) << 30
	for _, tc := range []struct {
		licenses  int
		available int64
		want      int64
	}{
		{0, 24 * gb, minLimit},
		{100_000, 24 * gb, minLimit},
		{300_000, 24 * gb, 300_000 * bytesPerLicense},
		{1_000_000, 24 * gb, 1_000_000 * bytesPerLicense},
		{3_000_000, 24 * gb, 3_000_000 * bytesPerLicense},
		{3_000_000, 4 * gb, 3 * gb},                 // never past three quarters of what may be used
		{1_000_000, 1 * gb, 768 << 20},              // a 1 GiB container caps a large run
		{3_000_000, 0, 3_000_000 * bytesPerLicense}, // unknown: no cap
	} {
		if got := Limit(tc.licenses, tc.available); got != tc.want {
			t.Errorf("Limit(%d, %d) = %d, want %d", tc.licenses, tc.available, got, tc.want)
		}
	}
	if Available() <= 0 {
		t.Log("neither a cgroup limit nor the machine's memory is known here; the limit is not capped")
	}
}
