// Package live reads a source platform's list API page by page, so the
// side-by-side period needs no export by hand and no keys in Git. It is
// only the API half: each page goes to the same reader as an export file
// (tabular.Source), so statuses, owners, metadata, warnings and --explain
// hold for live data exactly as for files.
//
// Reading is sequential and paced: by each platform's rate-limit headers
// everywhere, and on the platforms' own hosts also by a limiter at the
// documented rate, so a normal run sees no 429. A page that fails after
// retries fails the read: a partial read is never planned.
package live

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/httpx"
	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/tabular"
)

// Options are what a pager needs besides its source.
type Options struct {
	// Getenv reads the token variable; os.Getenv in the CLI.
	Getenv func(string) string
	// Report receives progress and waits; nil reports nothing.
	Report providers.Reporter
	// Snapshot, when set, is a directory pull wrote: pages are read
	// from it instead of the API (see snapshot.go).
	Snapshot string
	// Save, when set, receives every page as it is read (pull).
	Save func(tabular.LivePage) error
	// Client overrides the HTTP client (tests); nil: a default one.
	Client *http.Client
	// Clock is what pacing and retries wait on; nil: the wall clock.
	// Tests pass a fake one (httpxtest.Clock).
	Clock httpx.Clock
}

// Pager is one live source's API reader; it implements tabular.Pager.
type Pager struct {
	src      config.Source
	opts     Options
	api      platform.Live
	token    string
	origin   string // scheme://host of the API, cut from URLs in messages
	http     *http.Client
	report   providers.Reporter
	pace     headerPace
	clock    httpx.Clock
	official bool        // the API is on the platform's own host
	askLimit *httpx.Pace // a license check's own rate (Paced)
	now      func() time.Time
	requests int
	pages    int
	digest   hash.Hash
	sum      string
}

// New returns the pager of a source whose config has api:; api is its
// platform's list API as the platform's package describes it (nil: the
// platform has none).
func New(src config.Source, api *platform.API, opts Options) (*Pager, error) {
	if api == nil || api.Live.Pages == nil || src.API == nil {
		return nil, fmt.Errorf("source %s: platform %s cannot be read from an API; read it with path: instead", src.Name, src.Platform)
	}
	if err := httpx.CheckURL(src.API.URL); err != nil {
		return nil, fmt.Errorf("source %s: api.url %w", src.Name, err)
	}
	u, _ := url.Parse(src.API.URL)
	clock := opts.Clock
	if clock == nil {
		clock = httpx.Wall{}
	}
	p := &Pager{src: src, opts: opts, api: api.Live, origin: u.Scheme + "://" + u.Host, http: httpx.Guard(opts.Client),
		report: opts.Report, clock: clock, now: clock.Now}
	p.pace.now = p.now
	p.official = official(u.Hostname(), api.Live.Host)
	if r := api.Live.Rate; r.Pace > 0 && p.official {
		p.pace.limiter = httpx.NewPace(r.Pace, r.Burst, clock)
	}
	return p, nil
}

// official reports whether host is the platform's own (or a subdomain,
// such as Cryptlex's EU region api.eu.cryptlex.com).
func official(host, domain string) bool {
	return domain != "" && (host == domain || strings.HasSuffix(host, "."+domain))
}

// Pages reads every page in order and hands each to fn. It is
// tabular.Pager's one method.
func (p *Pager) Pages(ctx context.Context, fn func(tabular.LivePage) error) error {
	p.digest, p.sum, p.pages, p.requests = sha256.New(), "", 0, 0
	deliver := func(pg tabular.LivePage) error {
		p.pages++
		digestPage(p.digest, pg)
		if p.opts.Save != nil {
			if err := p.opts.Save(pg); err != nil {
				return err
			}
		}
		return fn(pg)
	}
	var err error
	if p.opts.Snapshot != "" {
		err = p.fromSnapshot(ctx, deliver)
	} else {
		err = p.fromAPI(ctx, deliver)
	}
	if err != nil {
		return err
	}
	p.sum = hex.EncodeToString(p.digest.Sum(nil))
	return nil
}

func (p *Pager) fromAPI(ctx context.Context, deliver func(tabular.LivePage) error) error {
	p.token = ""
	if err := p.loadToken(); err != nil {
		return err
	}
	return p.api.Pages(ctx, p, deliver)
}

// digestPage adds a page, with its kind and number, to a snapshot's
// digest.
func digestPage(h hash.Hash, pg tabular.LivePage) {
	fmt.Fprintf(h, "%s %d %d\n", pg.Kind, pg.Number, len(pg.Body))
	h.Write(pg.Body)
}

// Digest is the SHA-256 of every page read, in order, with its kind and
// number: a snapshot's manifest records it, and reading the snapshot
// back must reproduce it. "" until a read went to the end.
func (p *Pager) Digest() string { return p.sum }

// Requests is how many HTTP requests the last read sent.
func (p *Pager) Requests() int { return p.requests }

// PagesRead is how many pages the last read delivered.
func (p *Pager) PagesRead() int { return p.pages }
