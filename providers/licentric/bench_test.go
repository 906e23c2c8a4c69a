package licentric_test

import (
	"context"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/sandbox"
)

// BenchmarkApply100kThroughSandbox imports 100,000 licenses through the
// sandbox over loopback HTTP (rate limit off) and reports licenses per
// second and requests per license against the contract's minimum (one
// import per 500 plus the catalog).
//
//	go test ./providers/licentric -run XXX -bench Apply100k -benchtime 1x
func BenchmarkApply100kThroughSandbox(b *testing.B) {
	const n = 100000
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		_, _, url := startSandbox(b, sandbox.Options{})
		target := newTarget(b, url)
		d := desired(n)
		cur, err := target.Current(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		p, err := planFor(d, cur)
		if err != nil {
			b.Fatal(err)
		}
		before := target.Requests()
		b.StartTimer()
		start := time.Now()
		if err := target.Apply(context.Background(), p.Changes, nil); err != nil {
			b.Fatal(err)
		}
		elapsed := time.Since(start)
		used := target.Requests() - before
		minimum := 3 + 1 + n/500 // catalog, one re-read of the policies, imports
		b.ReportMetric(float64(n)/elapsed.Seconds(), "licenses/s")
		b.ReportMetric(float64(used)/float64(n), "requests/license")
		b.ReportMetric(float64(used)/float64(minimum), "x-minimum-requests")
	}
}
