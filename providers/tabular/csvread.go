package tabular

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/licentric/licentric-sync/pipeline"
	"github.com/licentric/licentric-sync/providers"
)

// csvBatch carries parsed records from the reading goroutine to the
// mapping, so parsing and mapping use both cores. Records are reused.
type csvBatch struct {
	recs []providers.Record
	// bad[i] is a row error in place of recs[i] (a row with the wrong
	// number of cells): reading goes on, so every such row is reported.
	bad []error
	n   int
	err error
	eof bool
}

const batchSize, batchesInFlight = 512, 4

func (s *Source) readCSV(ctx context.Context, o *Open, yield func(*providers.Record, error) bool) bool {
	cr, err := NewCSV(o)
	if err != nil {
		return yield(nil, err)
	}
	s.report.Format, s.report.Delimiter = "csv", DelimiterName(cr.Delimiter)
	m, err := s.resolve(NewColumns(cr.Header), o.Path, len(s.report.Files) == 1)
	if err != nil {
		return yield(nil, err)
	}
	if m.idx[providers.FKey] < 0 {
		return yield(nil, fmt.Errorf("%s: no column holds the license key; %s; name it with columns: { key: \"<header>\" }",
			o.Path, describeHeader(cr.Header)))
	}
	pool := pipeline.NewRecycle(batchesInFlight, func() *csvBatch {
		return &csvBatch{recs: make([]providers.Record, batchSize), bad: make([]error, batchSize)}
	})
	going := true
	_ = pipeline.Ordered(context.Background(), 0, func(ctx context.Context, submit func(func() *csvBatch) error) error {
		for {
			b, err := pool.Get(ctx)
			if err != nil {
				return err
			}
			parseCSV(cr, m, o.Path, b)
			if err := submit(func() *csvBatch { return b }); err != nil || b.eof || b.err != nil {
				return err
			}
		}
	}, func(b *csvBatch) bool {
		if ctx.Err() != nil { // Ctrl-C: seen between batches, not at the end of the file
			going = yield(nil, fmt.Errorf("%s: reading stopped: %w", o.Path, context.Cause(ctx)))
			return false
		}
		going = s.takeCSV(b, o.Path, yield)
		pool.Put(b)
		return going && b.err == nil
	})
	return going
}

// takeCSV yields a parsed batch's records and row errors; it reports
// whether the consumer wants more. A batch that ends with an error ends
// the file.
func (s *Source) takeCSV(b *csvBatch, path string, yield func(*providers.Record, error) bool) bool {
	for i := 0; i < b.n; i++ {
		if b.bad[i] != nil {
			if !yield(nil, &providers.RowError{File: path, Line: b.recs[i].Line, Err: b.bad[i]}) {
				return false
			}
			continue
		}
		if !s.emit(&b.recs[i], yield) {
			return false
		}
	}
	if b.err == nil {
		return true
	}
	var le *LineError
	if errors.As(b.err, &le) {
		// A broken quote desynchronises the rest of the file, so
		// report it and stop reading this file.
		yield(nil, &providers.RowError{File: path, Line: le.Line, Err: le.Err})
		return false
	}
	return yield(nil, fmt.Errorf("%s: %w", path, b.err))
}

// parseCSV fills b with the next rows (on the pipeline's producer, while
// the records of the batch before are mapped).
func parseCSV(cr *CSVReader, m *columnMap, file string, b *csvBatch) {
	b.n, b.err, b.eof = 0, nil, false
	for b.n < len(b.recs) {
		row, line, err := cr.Next()
		if errors.Is(err, io.EOF) {
			b.eof = true
			return
		}
		b.bad[b.n] = nil
		var ce *CountError
		switch {
		case errors.As(err, &ce):
			b.recs[b.n].Line, b.bad[b.n] = line, err
		case err != nil:
			b.err = err
			return
		default:
			m.fill(&b.recs[b.n], row, file, line)
		}
		b.n++
	}
}
