package tabular

import (
	"fmt"
	"strings"
)

// errPages says why a page set is not whole and how to fix it.
type errPages struct{ what, fix string }

func (e *errPages) Error() string { return e.what + "; " + e.fix }

const (
	fixMissing = "export every page (or point path: at all of them)"
	fixMixed   = "export the list again in one go and give only those pages"
)

func incomplete(format string, a ...any) error {
	return &errPages{what: "the export is incomplete: " + fmt.Sprintf(format, a...), fix: fixMissing}
}

// check proves each list's pages whole: no page twice, no count larger
// (or smaller) than the pages hold, every links.next and links.prev
// naming a page that is there, one last page. The first failure is the
// error; nil when every list is whole.
func (ps *pageSet) check() error {
	for _, ch := range ps.chains() {
		for _, step := range []func() error{ch.duplicates, ch.counts, ch.numbers, ch.links, ch.ends} {
			if err := step(); err != nil {
				return err
			}
		}
	}
	return nil
}

// pageChain is the pages of one list (one chain key), in reading order.
type pageChain []pageClaim

// chains splits the claims by list, in order of first appearance.
func (ps *pageSet) chains() []pageChain {
	var order []string
	by := map[string]pageChain{}
	for _, c := range ps.claims {
		if _, ok := by[c.chain]; !ok {
			order = append(order, c.chain)
		}
		by[c.chain] = append(by[c.chain], c)
	}
	out := make([]pageChain, 0, len(order))
	for _, k := range order {
		out = append(out, by[k])
	}
	return out
}

func (ch pageChain) holds() string {
	return fmt.Sprintf("the glob holds %s / %s", plural(len(ch), "page"), plural(ch.items(), ch.noun()))
}

// noun is what the chain's pages list, singular: "license" unless the
// set says otherwise.
func (ch pageChain) noun() string {
	if len(ch) == 0 || ch[0].noun == "" {
		return "license"
	}
	return ch[0].noun
}

func (ch pageChain) items() int {
	n := 0
	for _, c := range ch {
		n += c.items
	}
	return n
}

// duplicates: the same page (links.self, or LemonSqueezy's page number)
// given twice would read its licenses twice.
func (ch pageChain) duplicates() error {
	self, number := map[string]string{}, map[int]string{}
	for _, c := range ch {
		if first, ok := self[c.self]; ok && c.self != "" {
			return &errPages{what: fmt.Sprintf("%s and %s are the same page (links.self %s)", first, c.at, c.self), fix: "remove one copy"}
		}
		if first, ok := number[c.current]; ok && c.lastPage > 0 {
			return &errPages{what: fmt.Sprintf("%s and %s are both page %d of %d (meta.page.currentPage)", first, c.at, c.current, c.lastPage),
				fix: "remove one copy"}
		}
		self[c.self] = c.at
		if c.lastPage > 0 {
			number[c.current] = c.at
		}
	}
	return nil
}

// counts: a page count or license count (Keygen's links.meta, a
// top-level meta.count) must be what the pages hold.
func (ch pageChain) counts() error {
	var by pageClaim
	for _, c := range ch {
		if c.claimedCount > by.claimedCount || c.claimedPages > by.claimedPages {
			by = c
		}
	}
	if by.at == "" {
		return nil
	}
	var says []string
	if by.claimedPages > 0 {
		says = append(says, plural(by.claimedPages, "page"))
	}
	if by.claimedCount > 0 {
		says = append(says, plural(by.claimedCount, ch.noun()))
	}
	switch n := ch.items(); {
	case by.claimedPages > len(ch) || by.claimedCount > n:
		return incomplete("%s says %s; %s", by.at, strings.Join(says, " / "), ch.holds())
	case by.claimedCount > 0 && by.claimedCount < n:
		return &errPages{what: fmt.Sprintf("%s says %s; %s, more than that: pages of two exports are mixed, or the list changed while it was exported",
			by.at, plural(by.claimedCount, ch.noun()), ch.holds()), fix: fixMixed}
	}
	return nil
}

// numbers: LemonSqueezy's meta.page names every page from 1 to lastPage
// and the total of the list.
func (ch pageChain) numbers() error {
	var by pageClaim
	have := map[int]bool{}
	for _, c := range ch {
		if c.lastPage > 0 {
			have[c.current] = true
			if by.at == "" || c.lastPage > by.lastPage || c.total > by.total {
				by = c
			}
		}
	}
	if by.at == "" {
		return nil
	}
	var gone []string
	for n := 1; n <= by.lastPage && len(gone) < 10; n++ {
		if !have[n] {
			gone = append(gone, fmt.Sprint(n))
		}
	}
	if len(gone) > 0 || by.total > ch.items() {
		miss := ""
		if len(gone) > 0 {
			miss = " (missing page " + strings.Join(gone, ", ") + ")"
		}
		return incomplete("%s says %s / %s%s; %s", by.at, plural(by.lastPage, "page"), plural(by.total, ch.noun()), miss, ch.holds())
	}
	return nil
}

// links: where pages name themselves (links.self), every links.next and
// links.prev must name a page that is there: Keygen's cursor pages 1 and
// 3 without 2, or a lone page 2, are refused.
func (ch pageChain) links() error {
	self := map[string]bool{}
	for _, c := range ch {
		if c.self != "" {
			self[c.self] = true
		}
	}
	if len(self) == 0 {
		return nil // pages without links.self (LemonSqueezy) are checked by number
	}
	for _, c := range ch {
		if c.next != "" && !self[c.next] {
			return incomplete("%s links to a next page (links.next %s) that is not among the files; %s", c.at, c.next, ch.holds())
		}
		if c.prev != "" && !self[c.prev] {
			return incomplete("%s says a previous page exists (links.prev %s), which is not among the files; %s", c.at, c.prev, ch.holds())
		}
	}
	return nil
}

// ends: a list whose pages link onwards has exactly one last page, the
// one without links.next.
func (ch pageChain) ends() error {
	var last []string
	linked := false
	for _, c := range ch {
		if c.next != "" {
			linked = true
		} else {
			last = append(last, c.at)
		}
	}
	switch {
	case !linked:
		return nil
	case len(last) == 0:
		return incomplete("every page links to a next one (links.next), so the last page is missing; %s", ch.holds())
	case len(last) > 1:
		return &errPages{what: fmt.Sprintf("%s and %s both end the list (no links.next): pages of two exports are mixed", last[0], last[1]),
			fix: fixMixed}
	}
	return nil
}
