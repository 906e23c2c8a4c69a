package licentric

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/licentricapi"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/httpx"
)

// Documented limits, used until the server announces its own.
const (
	managementPerMinute = 120
	validatePerMinute   = 60
	pageSize            = 100
)

// Target is a Licentric account.
type Target struct {
	c   *client
	url string
	// ids learned from reads and creates, shared by apply workers.
	ids         ids
	parallelism int
	// done counts what an apply found already done.
	done tally
	// madePolicies are the policies this apply created (see settle).
	madePolicies []madePolicy
	// settled is the policy list settle read and left as it was, for
	// keepCatalog; nil when there is none or settle wrote after it.
	settled [][]byte
	// kept is the view of the account, when the caller gave one (UseView).
	kept *kept
}

var _ providers.Target = (*Target)(nil)

// New connects to base (…/api/v1) with an API key taken from the
// environment by the caller; the key is never printed.
func New(base, apiKey string) (*Target, error) {
	c, err := newClient(base, apiKey)
	if err != nil {
		return nil, err
	}
	return &Target{c: c, url: license.HideUserinfo(c.base), parallelism: 4}, nil // url is for messages
}

// Requests is how many HTTP requests this target has sent.
func (t *Target) Requests() int64 {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	return t.c.requests
}

// Capabilities: imports of 500, the documented (or announced) limits.
func (t *Target) Capabilities() providers.Capabilities {
	return providers.Capabilities{BatchSize: importBatch, RequestsPerMinute: t.c.manage.perMinute(managementPerMinute),
		ValidatePerMinute: t.c.valid.perMinute(validatePerMinute), PreservesKeys: true, Description: "Licentric API " + t.url}
}

// Close adds this run's requests to the month's total kept with the
// view, closes the view and releases idle connections.
func (t *Target) Close() error {
	t.c.http.CloseIdleConnections()
	if t.kept == nil {
		return nil
	}
	err := t.countRequests(context.Background())
	if cerr := t.kept.v.Close(); err == nil {
		err = cerr
	}
	t.kept = nil
	return err
}

// SetReporter receives progress of account reads and long waits.
func (t *Target) SetReporter(r providers.Reporter) {
	t.c.report, t.c.retry.Report = r, r
}

// SetClock sets the clock that pacing, backoff and Retry-After wait on
// (the wall clock by default): tests pass a fake one so that waiting out
// a rate limit costs no wall time.
func (t *Target) SetClock(c httpx.Clock) {
	t.c.retry.Clock = c
	t.c.manage.now, t.c.valid.now, t.c.activate.now = c.Now, c.Now, c.Now
}

// listAll reads every page of a list endpoint with limit 100, reporting
// how many items it has read.
func (t *Target) listAll(ctx context.Context, path string, each func(json.RawMessage) error) error {
	cursor, items := "", 0
	what := "reading " + strings.TrimPrefix(path, "/") + " from " + t.url
	for {
		q := url.Values{"limit": {fmt.Sprint(pageSize)}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		var page licentricapi.Page
		if err := t.c.do(ctx, call{method: "GET", path: path, query: q}, &page); err != nil {
			return err
		}
		for _, item := range page.Data {
			if err := each(item); err != nil {
				return err
			}
		}
		items += len(page.Data)
		if t.c.report != nil {
			t.c.report.Progress(what, items, 0)
		}
		if !page.Pagination.HasMore || page.Pagination.NextCursor == nil || *page.Pagination.NextCursor == cursor {
			return nil
		}
		cursor = *page.Pagination.NextCursor
	}
}

// Current reads the whole account (or plans from the view, see kept.go),
// then streams its licenses in key order.
func (t *Target) Current(ctx context.Context) (plan.Current, error) {
	snap, err := t.snapshot(ctx)
	if err != nil {
		return plan.Current{}, err
	}
	return plan.FromSnapshot(snap), nil
}

// Validate calls validate-key on the validate tier.
func (t *Target) Validate(ctx context.Context, key license.Key, fingerprint string) (providers.Validation, error) {
	ans, err := t.validateKey(ctx, key, fingerprint)
	if err != nil {
		return providers.Validation{}, err
	}
	return providers.Validation{Valid: ans.Data.Valid, Code: ans.Data.Code}, nil
}
