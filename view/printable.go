package view

import (
	"fmt"
	"io"

	"github.com/licentric/licentric-sync/license"
)

// PrintError prints a command's error with its control characters
// escaped: errors quote names, paths and export values, which must not
// drive the terminal (an ANSI or OSC sequence in a license name).
func PrintError(w io.Writer, err error) {
	fmt.Fprintf(w, "Error: %s\n", license.PrintableLines(err.Error()))
}
