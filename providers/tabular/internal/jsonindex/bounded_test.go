package jsonindex

import (
	"bufio"
	"context"
	"errors"
	"strings"
	"testing"
)

// generated is a file that is not there: head, then fill repeated up to
// size bytes. It counts the bytes read from it.
type generated struct {
	head string
	fill byte
	size int64
	read int64
}

func (g *generated) ReadAt(p []byte, off int64) (int, error) {
	if off >= g.size {
		return 0, nil
	}
	n := 0
	for n < len(p) && off+int64(n) < g.size {
		if at := off + int64(n); at < int64(len(g.head)) {
			p[n] = g.head[at]
		} else {
			p[n] = g.fill
		}
		n++
	}
	g.read += int64(n)
	return n, nil
}

// TestJSONRecordsBounded: a license that never ends (a gigabyte name)
// and bytes that never make JSON after a list opens are refused after a
// bounded read, whatever the file's size (a terabyte here, generated).
func TestJSONRecordsBounded(t *testing.T) {
	for _, tc := range []struct {
		name string
		gen  *generated
		want error
	}{
		{"a name that never ends", &generated{head: `{"data":[{"type":"licenses","attributes":{"name":"`, fill: 'a', size: 1 << 40}, errValueTooLarge},
		{"NULs after the list opens", &generated{head: `{"data":[`, fill: 0, size: 1 << 40}, nil},
		{"a number that never ends", &generated{head: `[1`, fill: '1', size: 1 << 40}, errValueTooLarge},
		{"a deep list", &generated{head: `{"data":[`, fill: '[', size: 1 << 40}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStreamer(context.Background(), "gen.json", bufio.NewReaderSize(strings.NewReader(""), 1<<20), tc.gen, tc.gen.size)
			_, err := s.walk()
			if err == nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("read: %v, want %v", err, tc.want)
			}
			if most := int64(16 * MaxValueBytes); tc.gen.read > most {
				t.Errorf("read %d MiB of the file before refusing it, want at most %d MiB", tc.gen.read>>20, most>>20)
			}
		})
	}
}

// TestLargeLicenseRefusedBothWays: a license past MaxValueBytes is
// refused at its line by the streamed read and the read whole alike.
func TestLargeLicenseRefusedBothWays(t *testing.T) {
	path := dumpOf(t, 2, MaxValueBytes)
	for _, stream := range []bool{true, false} {
		in, done, err := openInput(path, "dump.json", stream)
		if err != nil {
			t.Fatal(err)
		}
		_, err = Read(in)
		done()
		if !errors.Is(err, errValueTooLarge) || !strings.HasPrefix(err.Error(), "dump.json:2: ") {
			t.Errorf("streamed %v: %v, want dump.json:2: too large", stream, err)
		}
	}
}
