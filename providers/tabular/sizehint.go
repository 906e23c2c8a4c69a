package tabular

import (
	"bytes"
	"io"
	"os"

	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
)

// SizeHint estimates the number of records so the mapping can size its
// slice once instead of growing it (and copying a million licenses)
// repeatedly, and the engine can size memory before the first read. It
// reads a bounded sample, never a whole file: the row length of a CSV is
// measured on the first bytes of the first file, a JSON export's licenses
// are counted in windows spread over its files (see sampleKeys). The hint
// never exceeds what the files' sizes allow at minHintRow bytes a row,
// and a CSV file with no line breaks hints nothing.
func (s *Source) SizeHint() int {
	if !s.hinted {
		s.hint, s.hinted = s.sizeHint(), true
	}
	return s.hint
}

func (s *Source) sizeHint() int {
	files, err := s.files()
	if err != nil || len(files) == 0 {
		return 0
	}
	var total int64
	for _, f := range files {
		if st, err := os.Stat(f); err == nil && st.Mode().IsRegular() {
			total += st.Size()
		}
	}
	if isJSONFile(files[0]) {
		counts, n := jsonKeyEstimate(files)
		s.keyCounts = counts
		return min(n, int(total/minHintRow)) // a file of nothing but "key" must not reserve more than a CSV could
	}
	perRow := sampleRowLength(files[0])
	if perRow == 0 {
		return 0
	}
	// A hint is an allocation made before anything is read: short lines
	// at the head of a huge file must not reserve more than a few times
	// the file's size, so rows count as at least minHintRow bytes.
	return int(total / max(perRow, minHintRow))
}

// jsonKeyEstimate estimates a JSON export's licenses per file and in
// all as the number of "key" members its files hold (every platform
// names the license key so; owners and policies have none), sampled from
// the bytes without parsing: lines would count a JSON:API dump's
// included owners as licenses too, and a memory budget sized for them is
// memory the collector never reclaims.
func jsonKeyEstimate(files []string) (map[string]int, int) {
	var sample []hintFile
	var paths []string
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			sample, paths = append(sample, hintFile{r: f, size: st.Size()}), append(paths, path)
		}
	}
	perFile, n := sampleKeys(sample)
	counts := map[string]int{}
	for i, c := range perFile {
		counts[paths[i]] = c
	}
	return counts, n
}

// isJSONFile reports whether a file's first non-space byte opens JSON.
func isJSONFile(path string) bool {
	t := fileHead(path, 512)
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}

// fileHead is up to n first bytes of a file, after a UTF-8 byte-order
// mark and white space.
func fileHead(path string, n int) []byte {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	head := make([]byte, n)
	m, _ := io.ReadFull(f, head)
	return bytes.TrimLeft(bytes.TrimPrefix(head[:m], []byte("\ufeff")), " \t\r\n")
}

// minHintRow bounds SizeHint: with a license costing about 200 bytes in
// memory, the reservation stays within ~3× the files' size.
const minHintRow = 64

// hintSample is how much of a file SizeHint reads to measure rows.
const hintSample = 64 << 10

// sampleRowLength is the mean line length over the first hintSample
// bytes of path, or 0 when that holds fewer than two lines.
func sampleRowLength(path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	buf := make([]byte, hintSample)
	n, _ := io.ReadFull(f, buf)
	lines := int64(jsonindex.CountLines(buf[:n]))
	if lines < 2 {
		return 0
	}
	return int64(n) / lines
}
