// Package view is how licentric-sync shows a run: the engine.View the
// CLI picks for a terminal (progress bars, a confirmation prompt, colour
// where allowed) or for CI and pipes (plain progress lines, no prompt),
// in the output format the command asked for (text, markdown, json,
// table). Every result the engine renders passes through here; the
// engine and the cli write to no stream themselves.
package view

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/licentric/licentric-sync/engine"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/progress"
)

// Options pick a Console.
type Options struct {
	Stdout, Stderr io.Writer
	Stdin          io.Reader
	// Terminal reports whether a stream is a terminal: progress on a
	// terminal stderr is drawn as bars, and only a terminal stdin is
	// asked to confirm.
	Terminal func(any) bool
	// Colour lets a fresh plan's text form paint its change symbols.
	Colour bool
	// Format is the command's --format ("" is text, or table for list).
	Format string
	// Hints write the commands the output suggests.
	Hints Hints
}

// Console is the engine.View on the standard streams: results on
// stdout, progress, warnings and hints on stderr.
type Console struct {
	*progress.Reporter
	o  Options
	mu sync.Mutex // one warning at a time (the sandbox logs from many requests)
}

var _ engine.View = (*Console)(nil)

// New is the view for these streams: bars on a terminal, plain lines
// elsewhere.
func New(o Options) *Console {
	if o.Terminal == nil {
		o.Terminal = func(any) bool { return false }
	}
	return &Console{Reporter: progress.New(o.Stderr, o.Terminal(o.Stderr)), o: o}
}

// Warn prints msg on stderr with its control characters escaped: the
// engine's warnings quote values from exports.
func (c *Console) Warn(msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintln(c.o.Stderr, license.PrintableLines(msg))
}

// PrintError prints a command's error with its control characters
// escaped: errors quote names, paths and export values, which must not
// drive the terminal (an ANSI or OSC sequence in a license name).
func PrintError(w io.Writer, err error) {
	fmt.Fprintf(w, "Error: %s\n", license.PrintableLines(err.Error()))
}

// Confirm asks on stdout and accepts only "yes". Without a terminal to
// ask on it refuses rather than guess.
func (c *Console) Confirm(question string) (bool, error) {
	if !c.o.Terminal(c.o.Stdin) {
		return false, errors.New("apply needs confirmation but there is no terminal to ask on; review the plan and pass --auto-approve (as CI does)")
	}
	fmt.Fprintf(c.o.Stdout, "\n%s Only 'yes' is accepted: ", question)
	line, _ := bufio.NewReader(c.o.Stdin).ReadString('\n')
	return strings.TrimSpace(line) == "yes", nil
}

// count is "1 product" or "2 products".
func count(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
