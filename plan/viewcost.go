package plan

// ViewUse is how the target is kept between runs, for the estimate.
type ViewUse int

// NoView: the apply lists the whole account to find ids and again to
// check the result. KeptView: the target keeps a view it read whole in
// this run. FromView: the plan came from a view read earlier, so the
// apply re-checks each license it touches first.
const (
	NoView ViewUse = iota
	KeptView
	FromView
)

// viewReads are the reads of an apply against a kept view of the account
// (providers/licentric/view): no list of the account before or after
// (the closing check reads back the writes' own answers), one GET per
// license an update, status change or delete touches when the plan came
// from the view (the re-check), and the products and policies read back
// once (a page each) when the apply writes any of them.
func viewReads(p *Plan, use ViewUse) int {
	n, catalog := 0, false
	for i := range p.Changes {
		c := &p.Changes[i]
		switch {
		case c.Kind != KindLicense:
			catalog = true
		case c.Action != Create && use == FromView:
			n++
		}
	}
	if catalog {
		n += 2
	}
	return n
}
