package live

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers/platform"
)

// This file is what the platforms' paging (each platform's package,
// through platform.Lister) asks of the reader, and what a read costs.

// PageSize is the largest page every platform serves: N licenses take
// N/100 requests, the documented minimum.
const PageSize = 100

// MaxPages bounds a read whose pagination never ends (a server that
// keeps answering "next"): ten million licenses at 100 a page.
const MaxPages = 100_000

// ReadCost says how many requests a read of pages pages took and, where
// the platform publishes its rate, how long that many take at it; else
// the platform's note on where its rate is stated.
func ReadCost(api platform.Live, pages int) string {
	requests := pages
	s := fmt.Sprintf("read from its API in %d requests (pages of %d)", pages, PageSize)
	if api.Cost != nil {
		requests, s = api.Cost(pages, PageSize)
	}
	if pm := api.Rate.PerMinute(); pm > 0 {
		d := time.Duration(requests) * time.Minute / time.Duration(pm)
		took := "under a second"
		if d >= time.Second {
			took = "about " + d.Round(time.Second).String()
		}
		return s + fmt.Sprintf("; at the platform's %d requests/min that takes %s", pm, took)
	}
	return s + "; " + api.RateNote
}

// ReadCost is what the last read cost, as the plan's note says it.
func (p *Pager) ReadCost() string { return ReadCost(p.api, p.pages) }

// Page fetches page n of path, within the page bound.
func (p *Pager) Page(ctx context.Context, n int, path string, q url.Values) ([]byte, http.Header, error) {
	if n > MaxPages {
		return nil, nil, fmt.Errorf("more than %d pages: the API's pagination does not end", MaxPages)
	}
	body, hdr, err := p.get(ctx, p.url(path, q))
	if err != nil {
		return nil, nil, fmt.Errorf("page %d: %w", n, err)
	}
	return body, hdr, nil
}

// Get fetches one answer outside a page walk.
func (p *Pager) Get(ctx context.Context, path string, q url.Values) ([]byte, http.Header, error) {
	return p.get(ctx, p.url(path, q))
}

// Source is the source being read.
func (p *Pager) Source() config.Source { return p.src }

// Now is the reader's clock.
func (p *Pager) Now() time.Time { return p.now() }

// url builds a URL under the API base with a query.
func (p *Pager) url(path string, q url.Values) string {
	return p.src.API.URL + path + "?" + q.Encode()
}

// ShapeError says what a page held instead of a list: an error document
// answered with 200, an object, or not JSON at all.
func (p *Pager) ShapeError(n int, body []byte, want string) error {
	saw := "not JSON"
	var v any
	if json.Unmarshal(body, &v) == nil {
		switch t := v.(type) {
		case map[string]any:
			_, errs := t["errors"]
			if _, msg := t["message"]; errs || msg { // JSON:API errors, or a {message}
				saw = "an error document (" + p.message(body) + ")"
			} else {
				saw = "a JSON object without the expected members"
			}
		case []any:
			saw = "a JSON array"
		default:
			saw = "a JSON " + strconv.Quote(fmt.Sprintf("%T", v))
		}
	}
	return fmt.Errorf("page %d: the answer is %s; expected %s: %w", n, saw, want, ErrShape)
}
