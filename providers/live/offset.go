package live

import (
	"context"
	"fmt"
	"hash/maphash"
	"net/http"
	"time"

	"github.com/licentric/licentric-sync/providers/tabular"
)

// offsetList is one list read by page number and size (Cryptlex's page
// and limit, LemonSqueezy's page[number] and page[size]): where page n
// of a given size is, and what an answer says of the list.
type offsetList struct {
	kind   string // the tabular page kind
	noun   string // what the list holds, for messages: "licenses"
	holder string // who holds it, for messages: "the account"
	url    func(n, size int) string
	read   func(n int, body []byte, hdr http.Header) (listPage, error)
}

// listPage is what one answer says of its list.
type listPage struct {
	ids [][]byte // each record's id, as written
	// total is the platform's own count of the whole list, from the body
	// or the headers; -1 when the platform states none.
	total     int
	totalName string // where total was read, for messages
	last      bool   // the platform marks this page the last one
}

// readOffset reads every page of l. Offset paging is exact only while
// the list holds still, so the read proves itself against what the
// platform says: a total that moves, a record that comes twice (a
// record added or deleted between pages shifts every later one, so
// another may have been skipped; with prune it would be deleted), and a
// short or empty page while the total says more are errors, never an
// end of list. A server that serves fewer records than asked (a page
// cap) is asked for that many from page 2 on, so its pages line up.
// The tally it returns is what recheck compares a second pass with.
func (p *Pager) readOffset(ctx context.Context, l offsetList, deliver func(tabular.LivePage) error) (*tally, error) {
	t := newTally(l)
	return t, p.walk(ctx, t, func(n int, body []byte, _ listPage) error {
		return deliver(tabular.LivePage{Kind: l.kind, Number: n, Body: body})
	})
}

// walk asks for every page of t's list in turn, files each in t and
// hands it to fn, until t says the list is read.
func (p *Pager) walk(ctx context.Context, t *tally, fn func(n int, body []byte, pg listPage) error) error {
	size := pageSize
	for n := 1; ; n++ {
		if n > maxPages {
			return fmt.Errorf("more than %d pages: the API's pagination does not end", maxPages)
		}
		body, hdr, err := p.get(ctx, t.list.url(n, size))
		if err != nil {
			return fmt.Errorf("page %d: %w", n, err)
		}
		if n == 1 {
			t.began = p.now()
			if at, err := http.ParseTime(hdr.Get("Date")); err == nil {
				t.began = at // the platform's clock, which its createdAt use
			}
		}
		pg, err := t.list.read(n, body, hdr)
		if err != nil {
			return err
		}
		if err := t.add(n, pg); err != nil {
			return err
		}
		if err := fn(n, body, pg); err != nil {
			return err
		}
		if done, err := t.after(n, len(pg.ids), &size, pg); done || err != nil {
			return err
		}
	}
}

// tally is what an offset read has seen so far.
type tally struct {
	list      offsetList
	total     int
	totalName string
	read      int
	seen      map[uint64]int // id hash → the page it came on
	seed      maphash.Seed
	began     time.Time // when page 1 was answered
}

func newTally(l offsetList) *tally {
	return &tally{list: l, total: -1, seen: map[uint64]int{}, seed: maphash.MakeSeed()}
}

// has reports whether the read saw a record with this id.
func (t *tally) has(id []byte) bool {
	_, ok := t.seen[maphash.Bytes(t.seed, id)]
	return ok
}

// add files one page's total and ids.
func (t *tally) add(n int, pg listPage) error {
	l := t.list
	if pg.total >= 0 {
		if t.total >= 0 && pg.total != t.total {
			return fmt.Errorf("page %d: %s now holds %d %s, %d when the read began (%s); %s changed while reading: run again",
				n, l.holder, pg.total, l.noun, t.total, pg.totalName, l.noun)
		}
		t.total, t.totalName = pg.total, pg.totalName
	}
	for _, id := range pg.ids {
		if id == nil {
			continue
		}
		h := maphash.Bytes(t.seed, id)
		if first, dup := t.seen[h]; dup {
			return fmt.Errorf("page %d: the record with id %s came already on page %d: %s shifted while it was read "+
				"(a record added or deleted between pages moves every later one, so another may have been skipped); run again",
				n, id, first, l.noun)
		}
		t.seen[h] = n
	}
	t.read += len(pg.ids)
	return nil
}

// after decides, once page n is delivered, whether the list is read to
// its end; size becomes the server's page size when it serves fewer
// records than asked on page 1.
func (t *tally) after(n, got int, size *int, pg listPage) (done bool, err error) {
	known := t.total >= 0
	switch {
	case known && t.read == t.total:
		return true, nil
	case known && t.read > t.total:
		return true, fmt.Errorf("page %d: the pages held %d %s, more than the %d %s says; %s changed while reading: run again",
			n, t.read, t.list.noun, t.total, t.totalName, t.list.noun)
	case got == 0 || pg.last:
		return true, t.short(n, got, *size)
	case got < *size && n == 1:
		*size = got // a page cap, or a list of got records: page 2 at this size tells
		return false, nil
	case got < *size:
		return true, t.short(n, got, *size)
	}
	return false, nil
}

// short is a page that ends the list: an error when the platform's total
// says there is more.
func (t *tally) short(n, got, size int) error {
	if t.total < 0 || t.read == t.total {
		return nil
	}
	return fmt.Errorf("page %d held %d %s of %d asked, ending the list at %d, but %s says %d: the platform cut the list short: run again",
		n, got, t.list.noun, size, t.read, t.totalName, t.total)
}
