package plan

import "slices"

// estimate counts the API requests `apply` makes against a target with a
// rate limit, in the order it makes them: the target read that starts it
// (the plan made the same one), the writes, and the closing check that
// reads the target again to prove a fresh plan is empty. A read is one
// list page per PageSize products, policies and licenses (an empty list
// still costs its page). Writes are one request per product or policy
// change, one per BatchSize license creates (imports), one per license
// update or delete and one more for a status action that comes with a
// field update, and a read of the policies after creating any (to settle
// copies a concurrent run made); for entitlements, one list of them, a
// create per code attached (at most) and one attach per policy or
// license whose list is set. An empty plan costs only its read: apply
// stops there.
func estimate(p *Plan, cur Current, licenses int, opts Options) Estimate {
	if opts.PageSize == 0 {
		return Estimate{}
	}
	e := Estimate{PerMinute: opts.RequestsPerMinute}
	pages := func(n int) int { return max(1, ceilDiv(n, opts.PageSize)) }
	e.Read = pages(len(cur.Products)) + pages(len(cur.Policies)) + pages(licenses)
	w := writes(p, opts.BatchSize)
	if len(p.Changes) > 0 {
		e.Write, e.Imports = w.requests, w.imports
		if w.policies > 0 { // apply re-reads the policies once after creating some
			e.Write += pages(len(cur.Policies) + w.policies)
		}
		e.Check = pages(len(cur.Products)+w.products) + pages(len(cur.Policies)+w.policies) + pages(licenses+w.creates-w.deletes)
	}
	if opts.View {
		viewCosts(p, &e, pages(len(cur.Products)+w.products), pages(len(cur.Policies)+w.policies), opts.NoRecheck)
	}
	e.Requests = e.Read + e.Write + e.Check
	if opts.RequestsPerMinute > 0 {
		e.Seconds = float64(e.Requests) * 60 / float64(opts.RequestsPerMinute)
	}
	return e
}

// writeCount is what an apply of the plan writes, in requests, and what
// the target holds more or less afterwards.
type writeCount struct {
	requests, imports  int
	products, policies int // created
	creates, deletes   int // licenses
}

func writes(p *Plan, batch int) writeCount {
	var w writeCount
	for _, c := range p.Changes {
		switch {
		case c.Kind == KindLicense && c.Action == Create:
			w.creates++
		case c.Kind == KindProduct && c.Action == Create:
			w.products++
		case c.Kind == KindPolicy && c.Action == Create:
			w.policies++
		case c.Action == Delete:
			w.deletes++
		}
		if c.Kind != KindLicense || c.Action != Create {
			w.requests++
		}
		if c.StatusAction != "" && c.Action == Update {
			w.requests++
		}
	}
	w.imports = ceilDiv(w.creates, max(batch, 1))
	w.requests += w.imports + entitlementRequests(p.Changes)
	return w
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
