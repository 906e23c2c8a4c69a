package live

import (
	"context"
	"fmt"
	"time"

	"github.com/licentric/licentric-sync/providers/platform"
)

// Recheck reads l a second time, delivering nothing, and refuses when
// it finds a record that existed before the first read began but that
// the first read did not see. Where a platform's order is not known
// (Cryptlex), a record deleted behind the read point while another is
// added ahead of it keeps the total and repeats no id, yet shifts the
// list back by one: the record at the page boundary is skipped, and with
// prune its Licentric copy would be deleted. Only a second pass sees it.
// Records new since the first read began are not an error: they are not
// in Licentric yet, and the next run reads them. created finds a
// record's creation time in a page; a record without one counts as old.
func Recheck(ctx context.Context, p platform.Lister, l OffsetList, first *Tally, created func(body, id []byte) (time.Time, bool)) error {
	second := newTally(l)
	err := walk(ctx, p, second, func(n int, body []byte, pg ListPage) error {
		for _, id := range pg.IDs {
			if id == nil || first.has(id) {
				continue
			}
			if at, ok := created(body, id); !ok || at.Before(first.began) {
				return fmt.Errorf("page %d: the record with id %s, created before the read began, was not among the %d %s it read: "+
					"%s shifted while it was read (a record deleted between pages skips the next one); run again",
					n, id, first.read, l.Noun, l.Noun)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("checking the read by a second pass: %w", err)
	}
	return nil
}
