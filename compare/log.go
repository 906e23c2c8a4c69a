package compare

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/licentric/licentric-sync/license"
)

// maxLogLine bounds one line of a validation log: a key and a
// fingerprint are at most a few kilobytes; a longer line is not an entry.
const maxLogLine = 64 << 10

// Entry is one validation the app logged during the side-by-side weeks:
// the key it was given and the fingerprint it sent (""), and the line it
// came from, for messages that never show the key.
type Entry struct {
	Key         license.Key
	Fingerprint string
	Line        int
}

// ReadLog reads a validation log: JSON Lines, one object per line with
// "key" (a non-empty string) and optionally "fingerprint" (a string);
// other members (a time, the app's answer) are ignored and blank lines
// skipped. The same key and fingerprint logged again is compared once.
// Exact or refused: any bad line fails the read naming file:line (and
// the column of a JSON syntax error), never the key.
func ReadLog(r io.Reader, file string) ([]Entry, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLogLine)
	seen := map[[2]string]bool{}
	var out []Entry
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		e, err := logEntry(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w; each line is {\"key\": \"…\", \"fingerprint\": \"…\"} (see docs/migration-runbook.md)", file, n, err)
		}
		e.Line = n
		if k := [2]string{string(e.Key), e.Fingerprint}; !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%s:%d: a line is longer than %d KiB, which no log entry is", file, n+1, maxLogLine>>10)
		}
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no entries; the log must hold one JSON object with a key per line", file)
	}
	return out, nil
}

// logEntry decodes one line.
func logEntry(line []byte) (Entry, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(line, &doc); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return Entry{}, fmt.Errorf("column %d: not JSON", syn.Offset)
		}
		return Entry{}, errors.New("not a JSON object")
	}
	var key, fp string
	if raw, ok := doc["key"]; !ok || json.Unmarshal(raw, &key) != nil || key == "" {
		return Entry{}, errors.New(`"key" is missing, empty or not a string`)
	}
	if raw, ok := doc["fingerprint"]; ok && string(raw) != "null" && json.Unmarshal(raw, &fp) != nil {
		return Entry{}, errors.New(`"fingerprint" is not a string`)
	}
	return Entry{Key: license.Key(key), Fingerprint: fp}, nil
}
