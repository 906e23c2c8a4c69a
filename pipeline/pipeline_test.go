package pipeline_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/pipeline"
)

// TestResultsComeInSubmissionOrder: the works finish in reverse order
// (each waits for the one after it), yet take sees them as submitted.
func TestResultsComeInSubmissionOrder(t *testing.T) {
	const n = 4
	var finished [n + 1]chan struct{}
	for i := range finished {
		finished[i] = make(chan struct{})
	}
	close(finished[n])
	var got []int
	err := pipeline.Ordered(context.Background(), n, func(ctx context.Context, submit func(func() int) error) error {
		for i := range n {
			if err := submit(func() int {
				<-finished[i+1] // the later work finishes first
				close(finished[i])
				return i
			}); err != nil {
				return err
			}
		}
		return nil
	}, func(i int) bool { got = append(got, i); return true })
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{0, 1, 2, 3}, got); diff != "" {
		t.Fatalf("order (-want +got):\n%s", diff)
	}
}

// TestStopCancelsTheProducer: once take says stop, submit fails with the
// cancellation, no further result is taken, and Ordered returns nil after
// the producer ended.
func TestStopCancelsTheProducer(t *testing.T) {
	for _, workers := range []int{0, 1, 3} {
		var taken int
		var producerErr error
		err := pipeline.Ordered(context.Background(), workers, func(ctx context.Context, submit func(func() int) error) error {
			for i := 0; ; i++ {
				if err := submit(func() int { return i }); err != nil {
					producerErr = err
					return err
				}
			}
		}, func(i int) bool { taken++; return i < 2 })
		if err != nil || taken != 3 || !errors.Is(producerErr, context.Canceled) {
			t.Errorf("workers %d: Ordered %v after %d taken; the producer saw %v", workers, err, taken, producerErr)
		}
	}
}

// TestProducerErrorIsReturned: a producer's own error comes back after
// the results it submitted were taken.
func TestProducerErrorIsReturned(t *testing.T) {
	bad := errors.New("page 3 unreadable")
	var got []string
	err := pipeline.Ordered(context.Background(), 2, func(ctx context.Context, submit func(func() string) error) error {
		for _, p := range []string{"page 1", "page 2"} {
			if err := submit(func() string { return p }); err != nil {
				return err
			}
		}
		return bad
	}, func(p string) bool { got = append(got, p); return true })
	if !errors.Is(err, bad) || len(got) != 2 {
		t.Fatalf("got %v after %v", err, got)
	}
}

// TestNoWorkersRunsOnTheProducer: with workers 0 no two works run at once.
func TestNoWorkersRunsOnTheProducer(t *testing.T) {
	var running, most atomic.Int32
	sum := 0
	err := pipeline.Ordered(context.Background(), 0, func(ctx context.Context, submit func(func() int) error) error {
		for i := range 100 {
			if err := submit(func() int {
				most.Store(max(most.Load(), running.Add(1)))
				defer running.Add(-1)
				return i
			}); err != nil {
				return err
			}
		}
		return nil
	}, func(i int) bool { sum += i; return true })
	if err != nil || sum != 4950 || most.Load() != 1 {
		t.Fatalf("err %v, sum %d, at most %d at once", err, sum, most.Load())
	}
}

// TestRecycleWaitsForAFreeValue: Get takes the set's values, then waits
// until one is put back, or fails when the context ends.
func TestRecycleWaitsForAFreeValue(t *testing.T) {
	made := 0
	r := pipeline.NewRecycle(2, func() *[]int { made++; return new([]int) })
	a, _ := r.Get(context.Background())
	if _, err := r.Get(context.Background()); err != nil || made != 2 {
		t.Fatalf("second Get: %v, %d made", err, made)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.Get(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Get with none free and the context ended: %v", err)
	}
	r.Put(a)
	if b, err := r.Get(context.Background()); err != nil || b != a {
		t.Fatalf("Get after Put: %v", err)
	}
}
