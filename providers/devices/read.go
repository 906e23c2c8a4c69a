package devices

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/licentric/licentric-sync/providers/tabular"
)

// ReadFiles reads the device pages among a dump's files (the source's
// glob): a JSON file whose first list ("data" of a JSON:API page, or a
// bare array) starts with an item spec.Decode takes is a page of
// devices, read whole (and any page after it in the same file); any
// other file is the license reader's. The pages of each device list are
// proven whole as license pages are (tabular.PageProof): a page missing
// from the glob is an error, never a device report that looks complete.
// display names a file in messages.
func ReadFiles(spec Spec, files []string, display func(string) string) ([]Device, error) {
	var out []Device
	proof := tabular.NewPageProof(strings.TrimSuffix(spec.Noun, "s"))
	for _, f := range files {
		if !strings.EqualFold(filepath.Ext(f), ".json") {
			continue
		}
		ds, err := readFile(spec, f, display(f), proof)
		if err != nil {
			return nil, err
		}
		out = append(out, ds...)
	}
	if err := proof.Check(); err != nil {
		return nil, fmt.Errorf("%s pages: %w", spec.Noun, err)
	}
	return out, nil
}

// IsPage reports whether the file at path (shown so in messages) is a
// page of devices, by its first item alone (an empty list by what the
// page says of itself, pageReader.declared): the license reader leaves
// such a file out (tabular.Spec.NotLicenses), and ReadFiles reads it. An
// error is a first item that is a device but cannot be read, or that
// the platform cannot tell from a license.
func IsPage(spec Spec, path, shown string) (bool, error) {
	if !strings.EqualFold(filepath.Ext(path), ".json") {
		return false, nil
	}
	r, closeFiles, err := openPages(spec, path, shown)
	if err != nil {
		return false, err
	}
	defer closeFiles()
	pg, err := r.next(true)
	return pg.devices, err
}

// openPages opens path twice: once for the decoder, once for the lines.
func openPages(spec Spec, path, shown string) (*pageReader, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("devices: %w", err)
	}
	g, err := os.Open(path)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("devices: %w", err)
	}
	r := newPageReader(spec, f, g, shown)
	r.named = snapshotPage.MatchString(filepath.Base(path))
	return r, func() { f.Close(); g.Close() }, nil
}

// snapshotPage is the name pull's snapshot gives each device page
// (devices-000001.json): an empty list so named is a page of devices.
var snapshotPage = regexp.MustCompile(`^devices-[0-9]{6,}\.json$`)

// readFile reads one file's device pages, none when it is not one.
func readFile(spec Spec, path, shown string, proof *tabular.PageProof) ([]Device, error) {
	r, closeFiles, err := openPages(spec, path, shown)
	if err != nil {
		return nil, err
	}
	defer closeFiles()
	var out []Device
	for first := true; first || r.dec.More(); first = false {
		pg, err := r.next(false)
		switch {
		case err != nil:
			return nil, err
		case !pg.devices && first:
			return nil, nil // the license reader's
		case !pg.devices:
			return nil, fmt.Errorf("%s:%d: a value that is not a page of %s follows the %s pages; give one kind of list per file", shown, pg.line, spec.Noun, spec.Noun)
		}
		proof.Add(shown, pg.line, len(pg.items), pg.links, pg.meta)
		out = append(out, pg.items...)
	}
	return out, nil
}

// ReadPage reads the devices of one page of a live device list; label
// names the page in messages. A page of anything else is an error.
func ReadPage(spec Spec, label string, body []byte) ([]Device, error) {
	pg, err := newPageReader(spec, bytes.NewReader(body), bytes.NewReader(body), label).next(false)
	if err == nil && !pg.devices && !emptyList(body) {
		return nil, fmt.Errorf("%s: expected a list of %s", label, spec.Noun)
	}
	return pg.items, err
}

// emptyList reports whether body is a list (bare or "data") with no item.
func emptyList(body []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	tok, err := dec.Token()
	if err != nil {
		return false
	}
	if tok == json.Delim('[') {
		return !dec.More()
	}
	for tok == json.Delim('{') && dec.More() {
		key, err := dec.Token()
		if err != nil {
			return false
		}
		if key == "data" {
			tok, err := dec.Token()
			return err == nil && tok == json.Delim('[') && !dec.More()
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return false
		}
	}
	return false
}
