package engine

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
)

// maxAdoptKeys bounds options.adopt_keys_file: it names a few licenses
// to take over one by one; a whole export belongs in on_conflict: adopt.
const maxAdoptKeys = 100000

// adoptList is options.adopt_keys_file read: each key and its line.
type adoptList struct {
	file string // as displayed
	keys map[license.Key]int
}

// readAdoptKeys reads options.adopt_keys_file whole: one key per line,
// spaces around it trimmed, blank lines and lines starting with # skipped.
// A line too long to be a key, a repeated key or more than maxAdoptKeys
// keys fail with the file and line, never the key (keys are secrets).
func (e *Engine) readAdoptKeys() (*adoptList, error) {
	path := e.Config.Options.AdoptKeysFile
	if path == "" {
		return nil, nil
	}
	shown := e.Display(path)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: options.adopt_keys_file: %w", e.Config.File, err)
	}
	defer f.Close()
	list := &adoptList{file: shown, keys: map[license.Key]int{}}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 4096), license.MaxKeyBytes+1024)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		k := license.Key(text)
		switch {
		case len(text) > license.MaxKeyBytes:
			return nil, fmt.Errorf("%s:%d: a line of %d bytes; keys are at most %d: one key per line", shown, line, len(text), license.MaxKeyBytes)
		case list.keys[k] != 0:
			return nil, fmt.Errorf("%s:%d: key %s is listed again (first at line %d); list each key once", shown, line, k.Ref(), list.keys[k])
		case len(list.keys) == maxAdoptKeys:
			return nil, fmt.Errorf("%s:%d: more than %d keys; to adopt every conflict set options.on_conflict: adopt", shown, line, maxAdoptKeys)
		}
		list.keys[k] = line
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w (one key per line, at most %d bytes each)", shown, err, license.MaxKeyBytes)
	}
	return list, nil
}

// set is the keys as the planner takes them.
func (a *adoptList) set() map[license.Key]bool {
	if a == nil {
		return nil
	}
	out := make(map[license.Key]bool, len(a.keys))
	for k := range a.keys {
		out[k] = true
	}
	return out
}

// unknown warns, by line and reference, about listed keys no source has:
// they adopt nothing, which is most likely a typo.
func (a *adoptList) unknown(desired []license.License) []plan.Diagnostic {
	if a == nil {
		return nil
	}
	have := make(map[license.Key]bool, len(a.keys))
	for i := range desired {
		if _, ok := a.keys[desired[i].Key]; ok {
			have[desired[i].Key] = true
		}
	}
	var lines []int
	refs := map[int]string{}
	for k, line := range a.keys {
		if !have[k] {
			lines = append(lines, line)
			refs[line] = k.Ref()
		}
	}
	slices.Sort(lines)
	out := make([]plan.Diagnostic, 0, len(lines))
	for _, line := range lines {
		out = append(out, plan.Diagnostic{Severity: plan.Warning, Ref: refs[line], Where: fmt.Sprintf("%s:%d", a.file, line),
			Message: "options.adopt_keys_file lists a key no source has; it adopts nothing (a typo, or a license the sources dropped?)"})
	}
	return plan.Group(out)
}
