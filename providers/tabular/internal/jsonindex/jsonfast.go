package jsonindex

import (
	"io"
)

// The first pass spends most of its time in encoding/json's decoder,
// which scans each list item twice and copies it. A list is walked
// faster by jsontext's decoder (textList). Whenever the walk meets
// anything it does not expect (an invalid item, a missing comma, the
// file ending), it stops at the end of the last good item and the
// decoder takes over from there, so the decoder alone says what is wrong
// (or reads on, if the walk was only cautious): a fuzz target holds the
// streamed read, either way, equal to reading the file whole.

// walkListsFast is off only in tests that hold the decoder-only read
// equal to this one.
var walkListsFast = true

// capReader feeds a decoder, refusing to read further than valueSlack
// past MaxValueBytes from the start of the value the decoder is on (at:
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
