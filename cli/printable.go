package cli

import (
	"fmt"
	"io"

	"github.com/licentric/licentric-sync/license"
)

// printError prints a command's error with its control characters
// escaped: errors quote names, paths and export values, which must not
// drive the terminal (an ANSI or OSC sequence in a license name).
func printError(w io.Writer, err error) {
	fmt.Fprintf(w, "Error: %s\n", license.PrintableLines(err.Error()))
}

// printableWriter escapes control characters, line breaks aside, in what
// is written through it: the engine's warnings quote values from exports.
type printableWriter struct{ w io.Writer }

func (p printableWriter) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, license.PrintableLines(string(b))); err != nil {
		return 0, err
	}
	return len(b), nil
}
