package plan

// viewReads are the reads of an apply against a target that keeps a view
// of the account (Options.View; providers/licentric/view): no list of
// the account before or after (the closing check reads back the writes'
// own answers), one GET per license an update, status change or delete
// touches (the re-check that it did not move since the view), and the
// products and policies read back once (a page each) when the apply
// writes any of them. The count is the same whether this run planned from
// the view or read the account whole, so a plan's checksum is too.
func viewReads(p *Plan) int {
	n, catalog := 0, false
	for i := range p.Changes {
		c := &p.Changes[i]
		switch {
		case c.Kind != KindLicense:
			catalog = true
		case c.Action != Create:
			n++
		}
	}
	if catalog {
		n += 2
	}
	return n
}
