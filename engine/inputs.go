package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers/events"
)

// A plan records the SHA-256 of each file it was built from (plan.Input),
// so that a saved plan can tell that its inputs changed (Staleness). A
// source that reads export files takes their digests from its own read
// (providers.FileDigester): a dump is not read once more for them.

// inputFile is one file a plan's input digests cover; source names the
// source whose read digests it (an export file), "" for a file no source
// reads. An entry with a source and no path stands for all the export
// files that source's read found (exportFiles fills it in).
type inputFile struct{ path, source string }

// inputFiles are the files a plan's input digests cover, in the order
// the plan lists them: the config, the adopt_keys_file (a saved plan is
// stale once the list changes), then each selected source's export files
// (a place for them, filled once the source was read: exportFiles) and
// saved events. The exports are not globbed here: a glob taken while the
// sources read could list a file the read did not see, or miss one it
// read.
func (e *Engine) inputFiles() ([]inputFile, error) {
	files := []inputFile{{path: e.Config.File}}
	if f := e.Config.Options.AdoptKeysFile; f != "" {
		files = append(files, inputFile{path: f})
	}
	for _, s := range e.Config.Sources {
		if !e.selected(s.Name) {
			continue
		}
		if !s.Live() {
			files = append(files, inputFile{source: s.Name})
		}
		if s.Events == "" {
			continue
		}
		saved, err := events.Files(s.Events)
		if err != nil {
			return nil, fmt.Errorf("source %s: %w", s.Name, err)
		}
		for _, f := range saved {
			files = append(files, inputFile{path: f})
		}
	}
	return files, nil
}

// exportFiles fills each source's place in files with the export files
// its read found (providers.FileDigester), once the sources were read.
func (e *Engine) exportFiles(files []inputFile) ([]inputFile, error) {
	out := make([]inputFile, 0, len(files))
	for _, f := range files {
		if f.source == "" || f.path != "" {
			out = append(out, f)
			continue
		}
		d, ok := e.digesters[f.source]
		if !ok {
			return nil, fmt.Errorf("source %s: its reader does not say which files it read, so the plan cannot list its inputs (a bug; please report it)", f.source)
		}
		for _, p := range d.ExportFiles() {
			out = append(out, inputFile{path: p, source: f.source})
		}
	}
	return out, nil
}

// hashUnread hashes the files no source reads, by path.
func (e *Engine) hashUnread(files []inputFile) (map[string]string, error) {
	sums := map[string]string{}
	for _, f := range files {
		if f.source != "" {
			continue
		}
		sum, err := e.digestInput(f.path)
		if err != nil {
			return nil, err
		}
		sums[f.path] = sum
	}
	return sums, nil
}

// inputDigests are the plan's input digests, in inputFiles' order: an
// export file's from its source's read, the others' from hashUnread.
func (e *Engine) inputDigests(files []inputFile, unread map[string]string) ([]plan.Input, error) {
	out := make([]plan.Input, 0, len(files))
	for _, f := range files {
		sum, err := unread[f.path], error(nil)
		if f.source != "" {
			sum, err = e.exportDigest(f)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, plan.Input{Path: e.Display(absPath(f.path)), SHA256: sum})
	}
	return out, nil
}

// exportDigest is an export file's digest as its source took it while
// reading it; a file the source did not open (one its platform reads
// elsewhere: device pages) is hashed here.
func (e *Engine) exportDigest(f inputFile) (string, error) {
	if d, ok := e.digesters[f.source]; ok {
		sum, read, err := d.FileDigest(f.path)
		if err != nil {
			return "", fmt.Errorf("digest of input %s: %w", e.Display(absPath(f.path)), err)
		}
		if read {
			return sum, nil
		}
	}
	return e.digestInput(f.path)
}

// digestInput hashes one input file.
func (e *Engine) digestInput(path string) (string, error) {
	sum, err := digestFile(path)
	if err != nil {
		return "", fmt.Errorf("digest of input %s: %w", e.Display(absPath(path)), err)
	}
	return sum, nil
}

// liveInputs are the digests of the data each live source read, named
// api:<source>, so a saved plan is stale once the platform's data moved.
func (e *Engine) liveInputs() []plan.Input {
	var out []plan.Input
	for _, s := range e.Config.Sources {
		if ls, ok := e.live[s.Name]; ok {
			out = append(out, plan.Input{Path: license.LivePrefix + s.Name, SHA256: ls.src.DataDigest()})
		}
	}
	return out
}

// digestFile is the SHA-256 (hex) of a file read whole.
func digestFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
