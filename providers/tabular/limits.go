package tabular

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
)

// MaxRecordBytes bounds one CSV record (a row with all its cells,
// multi-line quoted cells included). A license row is a few hundred
// bytes; a file with no line breaks, or a device that never ends, must
// fail with a located error instead of being buffered whole. A JSON
// value is bound alike (jsonindex.MaxValueBytes).
const MaxRecordBytes = jsonindex.MaxValueBytes

// errRecordTooLarge is returned by the CSV parser past MaxRecordBytes.
var errRecordTooLarge = fmt.Errorf("a row longer than %d MiB: this is not a license export (no line breaks?), or a cell is unterminated (a stray quote)", MaxRecordBytes>>20)

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
