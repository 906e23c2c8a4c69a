package jsonindex

import (
	"bufio"
	"bytes"
	"os"
)

// openInput opens path as providers/tabular opens a UTF-8 export: past
// a UTF-8 byte-order mark, streamed (File set) or read whole; display
// is the name messages show. done closes the file.
func openInput(path, display string, stream bool) (in Input, done func(), err error) {
	f, err := os.Open(path)
	if err != nil {
		return Input{}, nil, err
	}
	br := bufio.NewReaderSize(f, 64<<10)
	in = Input{Path: display, Reader: br}
	if head, _ := br.Peek(3); bytes.Equal(head, []byte("\ufeff")) {
		_, _ = br.Discard(3)
		in.Base = 3
	}
	if stream {
		in.File = f
	}
	return in, func() { f.Close() }, nil
}
