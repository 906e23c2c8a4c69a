package jsonindex

import (
	"io"
)

// walkListsFast is off only in tests that hold the read with
// encoding/json's decoder alone equal to the jsontext read.
var walkListsFast = true

// capReader feeds a token reader, refusing to read further than valueSlack
// past MaxValueBytes from the start of the value the reader is on (at:
// its input offset, which stays there until the value is whole): a value
// that never ends, or bytes that never make one, cost a bounded buffer.
type capReader struct {
	r   io.Reader
	at  func() int64
	pos int64 // the offset of the next byte read, counted as at counts
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.pos-c.at() > MaxValueBytes+valueSlack {
		return 0, errValueTooLarge
	}
	n, err := c.r.Read(p)
	c.pos += int64(n)
	return n, err
}
