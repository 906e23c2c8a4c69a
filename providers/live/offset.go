package live

import (
	"context"
	"fmt"
	"hash/maphash"
	"net/http"
	"net/url"
	"time"

	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/tabular"
)

// OffsetList is one list read by page number and size (a platform's
// page and limit, or page[number] and page[size]): where page n of a
// given size is, and what an answer says of the list. The platforms'
// packages describe their lists with it; ReadOffset reads them.
type OffsetList struct {
	Kind   string // the tabular page kind
	Noun   string // what the list holds, for messages: "licenses"
	Holder string // who holds it, for messages: "the account"
	// URL is the path and query of page n of size records.
	URL  func(n, size int) (string, url.Values)
	Read func(n int, body []byte, hdr http.Header) (ListPage, error)
}

// ListPage is what one answer says of its list.
type ListPage struct {
	IDs [][]byte // each record's id, as written
	// Total is the platform's own count of the whole list, from the body
	// or the headers; -1 when the platform states none.
	Total     int
	TotalName string // where Total was read, for messages
	Last      bool   // the platform marks this page the last one
}

// readOffset reads every page of l. Offset paging is exact only while
// the list holds still, so the read proves itself against what the
// platform says: a total that moves, a record that comes twice (a
// record added or deleted between pages shifts every later one, so
// another may have been skipped; with prune it would be deleted), and a
// short or empty page while the total says more are errors, never an
// end of list. A server that serves fewer records than asked (a page
// cap) is asked for that many from page 2 on, so its pages line up.
// The Tally it returns is what Recheck compares a second pass with.
func ReadOffset(ctx context.Context, p platform.Lister, l OffsetList, deliver func(tabular.LivePage) error) (*Tally, error) {
	t := newTally(l)
	return t, walk(ctx, p, t, func(n int, body []byte, _ ListPage) error {
		return deliver(tabular.LivePage{Kind: l.Kind, Number: n, Body: body})
	})
}

// walk asks for every page of t's list in turn, files each in t and
// hands it to fn, until t says the list is read.
func walk(ctx context.Context, p platform.Lister, t *Tally, fn func(n int, body []byte, pg ListPage) error) error {
	size := PageSize
	for n := 1; ; n++ {
		path, q := t.list.URL(n, size)
		body, hdr, err := p.Page(ctx, n, path, q)
		if err != nil {
			return err
		}
		if n == 1 {
			t.began = p.Now()
			if at, err := http.ParseTime(hdr.Get("Date")); err == nil {
				t.began = at // the platform's clock, which its createdAt use
			}
		}
		pg, err := t.list.Read(n, body, hdr)
		if err != nil {
			return err
		}
		if err := t.add(n, pg); err != nil {
			return err
		}
		if err := fn(n, body, pg); err != nil {
			return err
		}
		if done, err := t.after(n, len(pg.IDs), &size, pg); done || err != nil {
			return err
		}
	}
}

// Tally is what an offset read has seen so far.
type Tally struct {
	list      OffsetList
	total     int
	totalName string
	read      int
	seen      map[uint64]int // id hash → the page it came on
	seed      maphash.Seed
	began     time.Time // when page 1 was answered
}

func newTally(l OffsetList) *Tally {
	return &Tally{list: l, total: -1, seen: map[uint64]int{}, seed: maphash.MakeSeed()}
}

// has reports whether the read saw a record with this id.
func (t *Tally) has(id []byte) bool {
	_, ok := t.seen[maphash.Bytes(t.seed, id)]
	return ok
}

// add files one page's total and ids.
func (t *Tally) add(n int, pg ListPage) error {
	l := t.list
	if pg.Total >= 0 {
		if t.total >= 0 && pg.Total != t.total {
			return fmt.Errorf("page %d: %s now holds %d %s, %d when the read began (%s); %s changed while reading: run again",
				n, l.Holder, pg.Total, l.Noun, t.total, pg.TotalName, l.Noun)
		}
		t.total, t.totalName = pg.Total, pg.TotalName
	}
	for _, id := range pg.IDs {
		if id == nil {
			continue
		}
		h := maphash.Bytes(t.seed, id)
		if first, dup := t.seen[h]; dup {
			return fmt.Errorf("page %d: the record with id %s came already on page %d: %s shifted while it was read "+
				"(a record added or deleted between pages moves every later one, so another may have been skipped); run again",
				n, id, first, l.Noun)
		}
		t.seen[h] = n
	}
	t.read += len(pg.IDs)
	return nil
}

// after decides, once page n is delivered, whether the list is read to
// its end; size becomes the server's page size when it serves fewer
// records than asked on page 1.
func (t *Tally) after(n, got int, size *int, pg ListPage) (done bool, err error) {
	known := t.total >= 0
	switch {
	case known && t.read == t.total:
		return true, nil
	case known && t.read > t.total:
		return true, fmt.Errorf("page %d: the pages held %d %s, more than the %d %s says; %s changed while reading: run again",
			n, t.read, t.list.Noun, t.total, t.totalName, t.list.Noun)
	case got == 0 || pg.Last:
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
func (t *Tally) short(n, got, size int) error {
	if t.total < 0 || t.read == t.total {
		return nil
	}
	return fmt.Errorf("page %d held %d %s of %d asked, ending the list at %d, but %s says %d: the platform cut the list short: run again",
		n, got, t.list.Noun, size, t.read, t.totalName, t.total)
}
