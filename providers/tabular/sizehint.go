package tabular

import (
	"bytes"
	"io"
	"os"

	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
)

// SizeHint estimates the number of records so the mapping can size its
// slice once instead of growing it (and copying a million licenses)
// repeatedly. The row length is measured on the first bytes of the first
// file, not assumed; the hint never exceeds what the files' sizes allow
// at that length, and a file with no line breaks hints nothing.
func (s *Source) SizeHint() int {
	if !s.hinted {
		s.hint, s.hinted = s.sizeHint(), true
	}
	return s.hint
}

func (s *Source) sizeHint() int {
	files, err := Glob(s.cfg.Glob)
	if err != nil || len(files) == 0 {
		return 0
	}
	var total int64
	for _, f := range files {
		if st, err := os.Stat(f); err == nil && st.Mode().IsRegular() {
			total += st.Size()
		}
	}
	if counts, ok := jsonKeyCount(files); ok {
		n := 0
		for _, c := range counts {
			n += c
		}
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

// jsonKeyCount estimates a JSON export's licenses as the number of
// "key" members its files hold (every platform names the license key so;
// owners and policies have none), scanning the bytes without parsing:
// lines would count a JSON:API dump's included owners as licenses too,
// and a memory budget sized for them is memory the collector never
// reclaims. ok is false when the first file is not JSON.
func jsonKeyCount(files []string) (map[string]int, bool) {
	if !isJSONFile(files[0]) {
		return nil, false
	}
	counts := map[string]int{}
	buf := make([]byte, 256<<10) // counting is memory-bound: a larger buffer reads no faster
	needle := []byte(`"key"`)
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		carry, n := 0, 0
		for {
			m, err := f.Read(buf[carry:])
			chunk := buf[:carry+m]
			n += bytes.Count(chunk, needle)
			// keep a needle's length minus one, so a match across two reads counts once
			carry = copy(buf, chunk[max(0, len(chunk)-len(needle)+1):])
			if err != nil {
				break
			}
		}
		f.Close()
		counts[path] = n
	}
	return counts, true
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
