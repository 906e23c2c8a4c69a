package plan

// viewCosts turns an estimate into what an apply costs against a target
// that keeps a view of the account (Options.View; providers/licentric/view):
// no read first (the apply plans from the view this plan leaves fresh), a
// re-check of each license an update, status change or delete touches
// (one GET: did it move since the view?) on top of the writes, and a
// closing check that reads back only the catalog, when the apply writes
// any of it: its products pages, and its policies pages unless the apply
// created policies (it reads them after creating them anyway, and keeps
// that read); the licenses' own answers are the rest of it. The count is
// the same whether this run planned from the view or read the account
// whole, so a plan's checksum is too. With recheck off (noRecheck) the
// writes go out unread.
func viewCosts(p *Plan, e *Estimate, productPages, policyPages int, noRecheck bool) {
	rechecks, catalog, madePolicies := 0, false, false
	for i := range p.Changes {
		c := &p.Changes[i]
		switch {
		case c.Kind == KindPolicy && c.Action == Create:
			catalog, madePolicies = true, true
		case c.Kind != KindLicense:
			catalog = true
		case c.Action != Create:
			rechecks++
		}
	}
	e.Read, e.Check = 0, 0
	if !noRecheck {
		e.Write += rechecks
	}
	if catalog {
		e.Check = productPages
	}
	if catalog && !madePolicies {
		e.Check += policyPages
	}
}
