package plan

// viewCosts turns an estimate into what an apply costs against a target
// that keeps a view of the account (Options.View; providers/licentric/view):
// no read first (the apply plans from the view this plan leaves fresh), a
// re-check of each license an update, status change or delete touches
// (one GET: did it move since the view?) on top of the writes, and a
// closing check that reads back only the catalog, when the apply writes
// any of it (catalogPages: its products and policies pages); the licenses'
// own answers are the rest of it. The count is the same whether this run
// planned from the view or read the account whole, so a plan's checksum
// is too. With recheck off (noRecheck) the writes go out unread.
func viewCosts(p *Plan, e *Estimate, catalogPages int, noRecheck bool) {
	rechecks, catalog := 0, false
	for i := range p.Changes {
		c := &p.Changes[i]
		switch {
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
		e.Check = catalogPages
	}
}
