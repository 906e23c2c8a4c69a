package plan

// estimate counts the API requests an apply will make against a target
// with a rate limit: one list page per PageSize current licenses (the
// re-read after apply too), one request per BatchSize creates, one per
// update or delete, and one more per status action.
func estimate(p *Plan, current int, opts Options) Estimate {
	if opts.PageSize == 0 {
		return Estimate{}
	}
	if len(p.Changes) == 0 {
		return Estimate{PerMinute: opts.RequestsPerMinute} // an apply would do nothing
	}
	reads := 2 * (ceilDiv(current+p.Summary.Create, opts.PageSize) + 2)
	if opts.View {
		reads = viewReads(p)
	}
	creates, other := 0, 0
	for _, c := range p.Changes {
		switch {
		case c.Kind == KindLicense && c.Action == Create:
			creates++
		default:
			other++
			if c.StatusAction != "" && c.Action == Update {
				other++
			}
		}
	}
	batch := opts.BatchSize
	if batch <= 0 {
		batch = 1
	}
	n := reads + ceilDiv(creates, batch) + other
	e := Estimate{Requests: n, PerMinute: opts.RequestsPerMinute}
	if opts.RequestsPerMinute > 0 {
		e.Seconds = float64(n) * 60 / float64(opts.RequestsPerMinute)
	}
	return e
}

func ceilDiv(a, b int) int {
	if a <= 0 {
		return 0
	}
	return (a + b - 1) / b
}
