package tabular

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/licentric/licentric-sync/license"
)

// MaxRecordBytes bounds one CSV record (a row with all its cells,
// multi-line quoted cells included). A license row is a few hundred
// bytes; a file with no line breaks, or a device that never ends, must
// fail with a located error instead of being buffered whole.
const MaxRecordBytes = 1 << 20

// errRecordTooLarge is returned by the CSV parser past MaxRecordBytes.
var errRecordTooLarge = fmt.Errorf("a row longer than %d MiB: this is not a license export (no line breaks?), or a cell is unterminated (a stray quote)", MaxRecordBytes>>20)

// MaxRecordBytes bounds a JSON record too: each license or included
// resource in a list, a single license object, and a document's other
// members together (links, meta). The first pass never buffers more than
// a few times this ahead of the last value it took, whatever follows (a
// gigabyte string, or bytes that are not JSON), so a file costs its
// index, not its size, even when it is malformed.
var errValueTooLarge = fmt.Errorf("a JSON value larger than %d MiB: a license export holds none (a license is a few hundred bytes); is it cut, or not JSON?", MaxRecordBytes>>20)

// valueSlack is how far past the start of the value it is reading the
// decoder may read ahead before the read is refused as too large: the
// decoder reads in blocks, so the bound is MaxRecordBytes exactly only
// once the value is whole (see streamer.checkSize).
const valueSlack = 2 << 20

// checkRegular refuses what cannot be an export file: a FIFO, a device,
// a socket (reading /dev/zero or a pipe would never end).
func checkRegular(path, display string) error {
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("%s: %w", display, err)
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file (%s); point the source's path at an export file", display, st.Mode().Type())
	}
	return nil
}

// isTooLarge reports a record past MaxRecordBytes.
func isTooLarge(err error) bool { return errors.Is(err, errRecordTooLarge) }

// maxListedColumns bounds how many header cells a message lists.
const maxListedColumns = 30

// describeHeader lists a header row for a message without leaking data:
// a cell that looks like a key or personal data is shown as a reference.
// A header that holds such cells is probably the first data row of a file
// without a header; then no cell is listed at all, since its other cells
// (a customer's name, a company) are personal data no shape betrays.
func describeHeader(header []string) string {
	hidden := 0
	for _, h := range header {
		if license.LooksSensitive(h) {
			hidden++
		}
	}
	if hidden > 0 {
		return fmt.Sprintf("the first row looks like data, not a header (%d of its %d cells look like keys or emails; "+
			"no cell is shown, as any could be personal data): is the header missing?", hidden, len(header))
	}
	shown := header[:min(len(header), maxListedColumns)]
	s := "the columns are: " + strings.Join(shown, ", ")
	if len(header) > maxListedColumns {
		s += fmt.Sprintf(" and %d more", len(header)-maxListedColumns)
	}
	return s
}
