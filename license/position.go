package license

import (
	"strconv"
	"strings"
)

// LivePrefix starts the "file" of a record read from a platform's API
// rather than an export file: "api:keygen-prod page 3". Its records are
// numbered by item within the page, not by line.
const LivePrefix = "api:"

// Position is where a record was read, as messages show it: FILE:LINE for
// an export file, "api:SOURCE page P item I" for a live page. Every
// message that points at a record goes through it, so both read the same
// everywhere.
func Position(file string, line int) string {
	switch {
	case strings.HasPrefix(file, LivePrefix) && line > 0:
		return file + " item " + strconv.Itoa(line)
	case line > 0:
		return file + ":" + strconv.Itoa(line)
	}
	return file
}

// At is the origin's position (see Position).
func (o Origin) At() string { return Position(o.File, o.Line) }
