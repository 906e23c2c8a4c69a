package tabular

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/licentric/licentric-sync/pipeline"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
)

// Reading on several cores. A live source's pages, and the licenses of a
// large JSON:API dump in chunks, are turned into records by workers, each
// in a fork of the source (its own report and missing counts), and the
// batches are taken in the order they were submitted: records arrive as a
// one-batch-at-a-time read would yield them, and the report, the missing
// counts and the data digest are merged here in that order.

// workers is how many batches are turned into records at once.
var workers = max(2, runtime.GOMAXPROCS(0))

// pageResult is what one batch yields, and what its fork saw.
type pageResult struct {
	// items holds copies of the batch's records (readers reuse theirs);
	// it goes back to batchSlabs once they are yielded.
	items   *[]recordOrError
	report  providers.ReadReport
	missing map[string]*missingRel
	stop    bool // an error that ends the read is among items
}

// recordOrError is one item a batch yields: err, or else rec.
type recordOrError struct {
	rec providers.Record
	err error
}

// batchSlabs recycles batches' items: a record is valid only until the
// next is requested, so once a batch is taken its slab is free.
var batchSlabs = sync.Pool{New: func() any { return new([]recordOrError) }}

// failed is a batch that yields one error and ends the read.
func failed(err error) pageResult {
	return pageResult{items: &[]recordOrError{{err: err}}, stop: true}
}

// ordered runs produce, which submits work in order, and yields each
// work's records in that order (pipeline.Ordered on workers cores).
// going is false once the consumer stopped; complete is false when a
// batch ended the read with an error (it was yielded, and no later batch
// is); err is produce's own.
func (s *Source) ordered(ctx context.Context, produce func(context.Context, func(func() pageResult) error) error,
	yield func(*providers.Record, error) bool) (going, complete bool, err error) {
	going, complete = true, true
	err = pipeline.Ordered(ctx, workers, produce, func(r pageResult) bool {
		if ctx.Err() != nil { // Ctrl-C: the batches in flight are not yielded
			going, complete = yield(nil, fmt.Errorf("reading stopped: %w", context.Cause(ctx))), false
			return false
		}
		going, complete = s.take(r, yield), !r.stop
		return going && complete
	})
	return going, complete, err
}

// fork is a copy of the source for one batch: the same config, spec and
// catalog (read only by now), its own report and missing counts.
func (s *Source) fork() *Source {
	return &Source{cfg: s.cfg, dir: s.dir, spec: s.spec, catalog: s.catalog, related: s.related,
		report: providers.ReadReport{}, missing: map[string]*missingRel{}}
}

// batch reads one document's records into a result.
func (s *Source) batch(doc *jsonindex.Doc, label string) pageResult {
	r := pageResult{items: batchSlabs.Get().(*[]recordOrError)}
	*r.items = slices.Grow((*r.items)[:0], len(doc.Items)) // one record each, mostly: sized once, not doubled
	going := s.readDoc(doc, label, func(rec *providers.Record, err error) bool {
		if err != nil {
			*r.items = append(*r.items, recordOrError{err: err})
			var rowErr *providers.RowError
			return errors.As(err, &rowErr)
		}
		*r.items = append(*r.items, recordOrError{rec: *rec})
		return true
	})
	r.report, r.missing, r.stop = s.report, s.missing, !going
	return r
}

// take merges one batch's report and yields its records in order; it
// reports whether the consumer wants more.
func (s *Source) take(r pageResult, yield func(*providers.Record, error) bool) bool {
	s.report.Rows += r.report.Rows
	s.report.Warnings = append(s.report.Warnings, r.report.Warnings...)
	if s.report.Format == "" {
		s.report.Format = r.report.Format
	}
	if s.report.Columns == nil && r.report.Columns != nil {
		s.report.Columns, s.report.Unused = r.report.Columns, r.report.Unused
	}
	for rel, m := range r.missing {
		t := s.missing[rel]
		if t == nil {
			t = &missingRel{}
			s.missing[rel] = t
		}
		t.n += m.n
		for _, at := range m.first {
			if len(t.first) < 3 {
				t.first = append(t.first, at)
			}
		}
	}
	defer batchSlabs.Put(r.items)
	for i := range *r.items {
		it := &(*r.items)[i]
		var rec *providers.Record
		if it.err == nil {
			rec = &it.rec
			if s.digest != nil {
				s.digestRecord(rec)
			}
		}
		if !yield(rec, it.err) {
			return false
		}
	}
	return true
}

// readChunks reads a large streamed JSON:API dump a chunk per worker,
// taking the chunks in file order: the records, positions, warnings and
// errors are those of reading it whole, on every core.
func (s *Source) readChunks(ctx context.Context, doc *jsonindex.Doc, path string, yield func(*providers.Record, error) bool) bool {
	if err := doc.IndexIncluded(); err != nil { // index once, before the workers share it
		return yield(nil, fmt.Errorf("%s: %w", path, err))
	}
	going, _, err := s.ordered(ctx, func(ctx context.Context, submit func(func() pageResult) error) error {
		for c := range doc.Chunks() {
			sub := doc.Chunk(c)
			if err := submit(func() pageResult {
				defer sub.Release()
				if err := sub.LoadChunk(); err != nil {
					return failed(fmt.Errorf("%s: %w", path, err))
				}
				return s.fork().batch(sub, path)
			}); err != nil {
				return err
			}
		}
		return nil
	}, yield)
	if err != nil {
		return yield(nil, fmt.Errorf("%s: %w", path, err))
	}
	return going // as reading it whole: after an error that ended this file, the next file is read
}
