package plan

import "slices"

// estimate counts the API requests an apply will make against a target
// with a rate limit: one list page per PageSize current licenses (the
// re-read after apply too), one request per BatchSize creates, one per
// update or delete, one more per status action, and for entitlements
// one list of them, a create per code attached (at most) and one attach
// per policy or license whose list is set.
func estimate(p *Plan, current int, opts Options) Estimate {
	if opts.PageSize == 0 {
		return Estimate{}
	}
	if len(p.Changes) == 0 {
		return Estimate{PerMinute: opts.RequestsPerMinute} // an apply would do nothing
	}
	reads := 2 * (ceilDiv(current+p.Summary.Create, opts.PageSize) + 2)
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
	n := reads + ceilDiv(creates, batch) + other + entitlementRequests(p.Changes)
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

// entitlementRequests is what attaching entitlements costs: one read of
// the account's entitlements and a create per distinct code (fewer when
// the account has some), then one attach per change that sets a list.
func entitlementRequests(changes []Change) int {
	attaches, codes := 0, map[string]bool{}
	for i := range changes {
		if list, ok := changes[i].SetsEntitlements(); ok {
			attaches++
			for _, code := range list {
				codes[code] = true
			}
		}
	}
	if attaches == 0 {
		return 0
	}
	return 1 + len(codes) + attaches
}

// SetsEntitlements returns the list a change attaches, and whether it
// attaches one at all: a created policy with codes, a created license
// with its own list (empty included), an update whose entitlements
// differ. A target attaches exactly these.
func (c *Change) SetsEntitlements() ([]string, bool) {
	var list []string
	switch {
	case c.Policy != nil:
		list = c.Policy.Entitlements
	case c.License != nil && c.Action != Delete:
		list = c.License.Entitlements
	default:
		return nil, false
	}
	if c.Action == Create {
		return list, list != nil && (c.License != nil || len(list) > 0)
	}
	return list, slices.ContainsFunc(c.Fields, func(f FieldDiff) bool { return f.Field == "entitlements" })
}
