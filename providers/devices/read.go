package devices

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// ReadFiles reads the device pages among a dump's files (the source's
// glob): a JSON file whose list ("data" of a JSON:API page, or a bare
// array) starts with an item spec.Decode takes is a page of devices, read
// whole; any other file is left to the license reader after its first
// item. display names a file in messages.
func ReadFiles(spec Spec, files []string, display func(string) string) ([]Device, error) {
	var out []Device
	for _, f := range files {
		if !strings.EqualFold(filepath.Ext(f), ".json") {
			continue
		}
		ds, err := readFile(spec, f, display(f))
		if err != nil {
			return nil, err
		}
		out = append(out, ds...)
	}
	return out, nil
}

// readFile reads one file's devices, none when it is not a device page.
func readFile(spec Spec, path, shown string) ([]Device, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("devices: %w", err)
	}
	defer f.Close()
	g, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("devices: %w", err)
	}
	defer g.Close()
	return readList(spec, f, g, shown)
}

// ReadPage reads the devices of one page of a live device list; label
// names the page in messages. A page of anything else is an error.
func ReadPage(spec Spec, label string, body []byte) ([]Device, error) {
	ds, err := readList(spec, bytes.NewReader(body), bytes.NewReader(body), label)
	if err == nil && ds == nil && !emptyList(body) {
		return nil, fmt.Errorf("%s: expected a list of %s", label, spec.Noun)
	}
	return ds, err
}

// emptyList reports whether body is a list (bare or "data") with no item.
func emptyList(body []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	return openList(dec) && !dec.More()
}

// readList reads a list's devices from r (again from same, for lines);
// none when its first item is not a device.
func readList(spec Spec, r, same io.Reader, shown string) ([]Device, error) {
	dec := json.NewDecoder(bufio.NewReader(r))
	if !openList(dec) {
		return nil, nil // not a list: the license reader reports it
	}
	ln := &lines{r: bufio.NewReader(same), line: 1}
	var out []Device
	for n := 1; dec.More(); n++ {
		line := ln.at(dec.InputOffset())
		var item json.RawMessage
		if err := dec.Decode(&item); err != nil {
			return nil, fmt.Errorf("%s:%d: %s item %d: %w; export the page again", shown, line, spec.Noun, n, err)
		}
		d, ok, err := spec.Decode(item)
		switch {
		case err != nil:
			return nil, fmt.Errorf("%s:%d: %s item %d %w", shown, line, spec.Noun, n, err)
		case !ok && n == 1:
			return nil, nil // a page of something else
		case !ok:
			return nil, fmt.Errorf("%s:%d: item %d is not one of the %s the page starts with; a page holds one kind of resource", shown, line, n, spec.Noun)
		}
		d.Where = fmt.Sprintf("%s:%d", shown, line)
		out = append(out, d)
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("%s: the %s list does not end: %w; export the page again", shown, spec.Noun, err)
	}
	return out, nil
}

// openList moves dec to the first item of a bare array or of the
// "data" array of an object; false when the file holds neither.
func openList(dec *json.Decoder) bool {
	tok, err := dec.Token()
	if err != nil {
		return false
	}
	if tok == json.Delim('[') {
		return true
	}
	if tok != json.Delim('{') {
		return false
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return false
		}
		if key == "data" {
			tok, err := dec.Token()
			return err == nil && tok == json.Delim('[')
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return false
		}
	}
	return false
}

// lines counts the lines of a file up to a decoder's offsets, read
// once beside the decoder, so each item's line costs what lies before it.
type lines struct {
	r    *bufio.Reader
	off  int64
	line int
}

// at is the line of the first value at or after byte offset to:
// whitespace and the comma between items are skipped.
func (l *lines) at(to int64) int {
	for l.off < to {
		b, err := l.r.ReadByte()
		if err != nil {
			return l.line
		}
		l.off++
		if b == '\n' {
			l.line++
		}
	}
	for {
		b, err := l.r.Peek(1)
		if err != nil || !strings.ContainsRune(" \t\r\n,", rune(b[0])) {
			return l.line
		}
		if b[0] == '\n' {
			l.line++
		}
		l.r.ReadByte()
		l.off++
	}
}
