package live

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// recheck reads l a second time, delivering nothing, and refuses when
// it finds a record that existed before the first read began but that
// the first read did not see. Where a platform's order is not known
// (Cryptlex), a record deleted behind the read point while another is
// added ahead of it keeps the total and repeats no id, yet shifts the
// list back by one: the record at the page boundary is skipped, and with
// prune its Licentric copy would be deleted. Only a second pass sees it.
// Records new since the first read began are not an error: they are not
// in Licentric yet, and the next run reads them. created finds a
// record's creation time in a page; a record without one counts as old.
func (p *Pager) recheck(ctx context.Context, l offsetList, first *tally, created func(body, id []byte) (time.Time, bool)) error {
	second := newTally(l)
	err := p.walk(ctx, second, func(n int, body []byte, pg listPage) error {
		for _, id := range pg.ids {
			if id == nil || first.has(id) {
				continue
			}
			if at, ok := created(body, id); !ok || at.Before(first.began) {
				return fmt.Errorf("page %d: the record with id %s, created before the read began, was not among the %d %s it read: "+
					"%s shifted while it was read (a record deleted between pages skips the next one); run again",
					n, id, first.read, l.noun, l.noun)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("checking the read by a second pass: %w", err)
	}
	return nil
}

// cryptlexCreated finds the createdAt of the license with id in a
// Cryptlex page (a bare array); it is decoded only for a record the
// first pass missed, which is rare.
func cryptlexCreated(body, id []byte) (time.Time, bool) {
	var items []struct {
		ID        json.RawMessage `json:"id"`
		CreatedAt time.Time       `json:"createdAt"`
	}
	if json.Unmarshal(body, &items) != nil {
		return time.Time{}, false
	}
	for _, it := range items {
		if bytes.Equal(it.ID, id) {
			return it.CreatedAt, !it.CreatedAt.IsZero()
		}
	}
	return time.Time{}, false
}
