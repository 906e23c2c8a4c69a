// Package pipeline is the tool's one ordered producer/consumer pipeline.
// A producer submits work in order; the work runs on up to a number of
// worker goroutines (or on the producer's own); the consumer takes the
// results in the order they were submitted, whatever order they finish
// in. The readers use it to parse on one core while mapping runs on
// another (CSV), or to read pages and chunks on every core (JSON and live
// sources); the local store to scan SQLite while the planner diffs.
package pipeline

import "context"

// Ordered runs produce on a goroutine of its own. Each work it submits
// runs on one of up to workers goroutines; with workers < 1 the producer
// runs it itself, one at a time. At most max(workers, 1)+1 results wait
// to be taken.
//
// take receives every result on the caller's goroutine, in submission
// order. When it returns false the pipeline stops: the ctx produce was
// given is cancelled (submit then fails), and the results still coming
// are dropped as they arrive, so that no goroutine is left behind.
// Ordered returns once the producer and every worker have ended: with
// produce's error, or nil when take stopped it (the cancellation it
// caused is no news).
func Ordered[R any](ctx context.Context, workers int, produce func(ctx context.Context, submit func(work func() R) error) error,
	take func(R) bool) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	order := make(chan chan R, max(workers, 1)+1)
	sem := make(chan struct{}, max(workers, 1))
	submit := func(work func() R) error {
		res := make(chan R, 1)
		select {
		case order <- res:
		case <-ctx.Done():
			return ctx.Err()
		}
		if workers < 1 {
			res <- work()
			return nil
		}
		sem <- struct{}{} // freed as workers finish; the order channel bounds how many wait
		go func() {
			defer func() { <-sem }()
			res <- work()
		}()
		return nil
	}
	var err error
	go func() {
		defer close(order)
		err = produce(ctx, submit)
	}()
	going := true
	for res := range order {
		r := <-res
		if going && !take(r) {
			going = false
			cancel()
		}
	}
	if !going {
		return nil // err is final once order is closed
	}
	return err
}

// Recycle is a fixed set of values (batches of records, say) that a
// producer fills and the consumer hands back once it is done with one:
// nothing is allocated per batch, and the producer is never more than
// the set ahead.
type Recycle[B any] chan B

// NewRecycle makes a set of n values with alloc.
func NewRecycle[B any](n int, alloc func() B) Recycle[B] {
	r := make(Recycle[B], n)
	for range n {
		r <- alloc()
	}
	return r
}

// Get takes a free value, waiting for one, or fails when ctx ends.
func (r Recycle[B]) Get(ctx context.Context) (B, error) {
	select {
	case b := <-r:
		return b, nil
	case <-ctx.Done():
		var zero B
		return zero, ctx.Err()
	}
}

// Put hands a value back; it never blocks (only the set's own values
// come back).
func (r Recycle[B]) Put(b B) { r <- b }
