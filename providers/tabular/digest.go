package tabular

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"slices"
	"sync"
	"sync/atomic"
)

// A plan records the SHA-256 of every export file it read, so a saved
// plan can tell that its inputs changed. The source takes that digest
// from the bytes its own read takes anyway (CSV's single pass, a JSON
// file's first pass), rather than reading the file once more for it.

// fileDigest is an export file read through a hash. Every read of the
// file goes through it: the buffered reader's sequential reads, and the
// JSON index's ReadAt calls of both passes, which overlap, go back and
// run on several cores at once (the second pass's chunks). The hash
// takes a read's bytes only where they continue what it holds (done,
// the frontier), so each byte is hashed once and in file order whatever
// the order of the reads. A read that does not reach the frontier, or
// starts past it, adds nothing: Sum then reads the rest of the file
// itself, so the digest is of the whole file as on disk even when the
// source's read stopped early, skipped bytes, or seeked.
type fileDigest struct {
	f    *os.File
	path string
	// pos is where the sequential reads are (one goroutine: the buffered
	// reader's).
	pos int64
	mu  sync.Mutex
	h   hash.Hash
	// done is how many bytes from the file's start the hash holds;
	// read without the lock first, so that once the first pass took
	// the whole file the second pass's many small reads (chunks, related
	// resources, on every core) never wait on one another here.
	done atomic.Int64
	// rest is how many bytes Sum had to read itself (tests look).
	rest int64
	sum  string
	err  error
}

func newFileDigest(f *os.File, path string) *fileDigest {
	return &fileDigest{f: f, path: path, h: sha256.New()}
}

// Read reads the file in sequence, as os.File does, hashing what it reads.
func (d *fileDigest) Read(p []byte) (int, error) {
	n, err := d.f.Read(p)
	d.take(p[:n], d.pos)
	d.pos += int64(n)
	return n, err
}

// ReadAt reads as os.File does, hashing what continues the frontier.
func (d *fileDigest) ReadAt(p []byte, off int64) (int, error) {
	n, err := d.f.ReadAt(p, off)
	d.take(p[:n], off)
	return n, err
}

// take hashes the part of b (read at off) past the frontier, when b
// reaches it.
func (d *fileDigest) take(b []byte, off int64) {
	end := off + int64(len(b))
	if end <= d.done.Load() {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	done := d.done.Load()
	if d.sum != "" || d.err != nil || off > done || end <= done {
		return
	}
	d.h.Write(b[done-off:])
	d.done.Store(end)
}

// Sum is the file's SHA-256 in hex. It is called once the source's read
// is over (the file is closed by then): the bytes the read did not
// cover in order — none when it read the file whole — are read here from
// the frontier to the end of the file, opened again by its path.
func (d *fileDigest) Sum() (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.sum != "" || d.err != nil {
		return d.sum, d.err
	}
	f, err := os.Open(d.path)
	if err != nil {
		d.err = err
		return "", err
	}
	defer f.Close()
	n, err := io.Copy(d.h, io.NewSectionReader(f, d.done.Load(), 1<<62))
	if err != nil {
		d.err = fmt.Errorf("%s: %w", d.path, err)
		return "", d.err
	}
	d.done.Add(n)
	d.rest = n
	d.sum = hex.EncodeToString(d.h.Sum(nil))
	return d.sum, nil
}

// FileDigest is the SHA-256 (hex) of the export file at path (as Glob
// names it), taken while the last Records read it (fileDigest). ok is
// false when that read did not open the file (a file the platform reads
// elsewhere, a live source); the caller then hashes it itself. Call it
// once Records is done.
func (s *Source) FileDigest(path string) (sum string, ok bool, err error) {
	d, ok := s.digests[path]
	if !ok {
		return "", false, nil
	}
	sum, err = d.Sum()
	return sum, true, err
}

// ExportFiles are the export files the last Records found, in the
// order Glob names them: those it read (FileDigest has their digests)
// and those its platform reads elsewhere (device pages). They are the
// plan's export inputs, so a file that appears or goes while a plan
// reads is listed exactly when this read saw it.
func (s *Source) ExportFiles() []string { return slices.Clone(s.globbed) }

// openDigested opens an export for the source's read, keeping the
// digest that read takes of it (FileDigest).
func (s *Source) openDigested(path, display string) (*Open, error) {
	o, err := openFile(path, display, true)
	if err != nil {
		return nil, err
	}
	s.digests[path] = o.digest
	return o, nil
}
