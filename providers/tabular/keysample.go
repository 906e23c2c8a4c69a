package tabular

import (
	"bytes"
	"io"
)

// A JSON export's licenses are estimated from samples, not counted: the
// count read a 530 MB dump whole before the two passes that read it
// anyway. The estimate reads hintWindows windows of hintWindow bytes
// (hintBudget, 1 MiB, in all), one in each equal stretch of the source's
// files taken end to end, each placed at a fixed pseudo-random point of
// its stretch: a dump's regular layout (licenses of one length) cannot
// then line every window up on the same phase of it. The keys found are
// scaled by the bytes sampled, per file and in all. A JSON:API dump
// lists its licenses first and its owners after: a window falls in one
// or the other, so the count is off by about a window's share at the
// border. A source of at most hintBudget bytes is counted whole.

// hintFile is one file of a source, as the estimate reads it.
type hintFile struct {
	r    io.ReaderAt
	size int64
}

const (
	hintWindows = 256
	hintWindow  = 4 << 10
	hintBudget  = hintWindows * hintWindow
)

// keyNeedle is what the estimate counts: every platform names the
// license key "key"; owners, policies and products have none.
var keyNeedle = []byte(`"key"`)

// sampleKeys returns each file's estimated "key" members and all of
// them. An estimate is raised by hintMargin: a hint short of the
// licenses read makes the mapping double its list for the last few,
// where one a little long costs those few entries.
func sampleKeys(files []hintFile) (perFile []int, all int) {
	var total int64
	for _, f := range files {
		total += f.size
	}
	perFile = make([]int, len(files))
	if total <= hintBudget {
		for i, f := range files {
			perFile[i] = countKeys(f.r, f.size)
			all += perFile[i]
		}
		return perFile, all
	}
	keys, sampled := make([]int64, len(files)), make([]int64, len(files))
	stride, rng := total/hintWindows, uint64(0x9E3779B97F4A7C15)
	buf := make([]byte, hintWindow)
	fi, base := 0, int64(0) // the file holding offset base of the source, end to end
	for k := range int64(hintWindows) {
		rng = rng*6364136223846793005 + 1442695040888963407 // a fixed LCG: the same hint on every run
		at := k*stride + int64(rng>>33)%max(stride-hintWindow, 1)
		for fi < len(files) && at >= base+files[fi].size {
			base += files[fi].size
			fi++
		}
		if fi == len(files) {
			break
		}
		n, _ := files[fi].r.ReadAt(buf[:min(hintWindow, base+files[fi].size-at)], at-base)
		keys[fi] += int64(bytes.Count(buf[:n], keyNeedle))
		sampled[fi] += int64(n)
	}
	var allKeys, allSampled int64
	for i, f := range files {
		allKeys, allSampled = allKeys+keys[i], allSampled+sampled[i]
		if sampled[i] > 0 {
			perFile[i] = withMargin(keys[i] * f.size / sampled[i])
		}
	}
	if allSampled == 0 {
		return perFile, 0
	}
	return perFile, withMargin(allKeys * total / allSampled)
}

// hintMargin is the share an estimate is raised by (1/32: about 3 %).
const hintMargin = 32

func withMargin(n int64) int { return int(n + n/hintMargin) }

// countKeys counts the "key" members of a small file, whole.
func countKeys(r io.ReaderAt, size int64) int {
	buf := make([]byte, size)
	n, _ := r.ReadAt(buf, 0)
	return bytes.Count(buf[:n], keyNeedle)
}
