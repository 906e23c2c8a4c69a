// Package events applies a platform's saved webhook events on top of an
// export (a dump or a pull snapshot read with path:), so a sync between
// two full reads costs no request: a source's events: names the files a
// webhook receiver saved, each license's newest state wins, and a key
// created since the export is added. The platform says how one event
// reads (Spec); ordering, merging and every refusal live here.
package events

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/tabular"
	"github.com/licentric/licentric-sync/smallfile"
)

// Spec is how one platform's saved events read.
type Spec struct {
	// Read reads one saved event's envelope: which license it carries and
	// when that state was made. Its errors say what is wrong in the
	// envelope's terms (meta.event_name, data.type) and how to fix it; a
	// *json.SyntaxError is located by the caller.
	Read func(body []byte) (Event, error)
	// Missing are the fields an event's license does not carry that the
	// export's record of the same license does (LemonSqueezy's order item:
	// product and variant names), taken from it when the event wins.
	Missing []providers.Field
}

// Event is what one saved event says of its license, besides the license
// itself (which the platform's reader reads from the same file).
type Event struct {
	// Name is the platform's event name, as the envelope gives it.
	Name string
	// ID is the license's id on the platform.
	ID string
	// UpdatedAt is when the platform made the state the event carries:
	// the ordering of every state of a license, the export's included.
	UpdatedAt time.Time
	// Store is the store (or account) the license belongs to, one text
	// for one store however the body wrote it (compared as written);
	// "" when the platform has none.
	Store string
}

// maxEventBytes bounds one saved event: a webhook body holds one license.
const maxEventBytes = 1 << 20

// Files lists the saved events a source's events: names: every regular
// .json file in a folder, or a glob's regular files, in name order. No
// file is no event (nothing changed since the export), not an error; a
// folder that does not exist is (a mistyped path would otherwise read as
// no change, every run).
func Files(pattern string) ([]string, error) {
	if st, err := os.Stat(pattern); err == nil && st.IsDir() {
		return folderFiles(pattern)
	}
	if err := folderExists(pattern); err != nil {
		return nil, err
	}
	files, err := tabular.RegularFiles(pattern)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	return files, nil
}

// folderFiles are the regular .json files of dir, listed: a glob built
// from dir's name would match other folders, or none, when the name
// holds a glob character (and escaping one means nothing on Windows).
func folderFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("events: listing %s: %w", dir, err)
	}
	var paths []string
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".json" {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	files, err := tabular.KeepRegular(paths)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	return files, nil
}

// folderExists refuses a pattern whose folder (the pattern itself when
// it holds no glob character) does not exist.
func folderExists(pattern string) error {
	dir := pattern
	if hasMeta(dir) {
		dir = filepath.Dir(pattern)
	}
	if hasMeta(dir) {
		return nil // a glob over folders: none matching is no event
	}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("events: %s does not exist: create the folder the webhook receiver saves into (an empty folder is no event) or correct the path", dir)
	}
	return nil
}

// hasMeta reports whether a path holds a character a glob reads as
// special: a backslash only where it is no separator (as filepath.Match).
func hasMeta(path string) bool {
	magic := `*?[\`
	if runtime.GOOS == "windows" {
		magic = `*?[`
	}
	return strings.ContainsAny(path, magic)
}

// ReadEvent reads one saved event file's envelope; display names the file
// in errors, which are located (line and column for a syntax error).
func (s Spec) ReadEvent(path, display string) (Event, int, error) {
	body, err := smallfile.Read(path, maxEventBytes)
	if err != nil {
		return Event{}, 0, fmt.Errorf("a saved event of at most %d bytes: %w", maxEventBytes, err)
	}
	body = bytes.TrimPrefix(body, []byte("\ufeff")) // saved on Windows; located as without
	ev, err := s.Read(body)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := locate(body, se.Offset)
		return Event{}, line, fmt.Errorf("invalid JSON at column %d (%v); a saved event is one webhook body as the platform sent it", col, se)
	}
	if err != nil {
		return Event{}, 1, err
	}
	return ev, 1, nil
}

// locate turns the byte offset a decoder stopped at into a line and a
// column (both from 1).
func locate(body []byte, off int64) (line, col int) {
	line, start := 1, 0
	end := min(max(int(off)-1, 0), len(body))
	for i, b := range body[:end] {
		if b == '\n' {
			line, start = line+1, i+1
		}
	}
	return line, end - start + 1
}
