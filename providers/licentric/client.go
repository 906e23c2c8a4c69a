// Package licentric is the target for a real Licentric account (or the
// sandbox) over its REST API: documented endpoints used as documented,
// with the gaps the public docs leave isolated in contract.go. The client
// paces itself from the X-RateLimit-* headers so a normal run never sees a
// 429, honours Retry-After when it does, retries 5xx and dropped
// connections with exponential backoff and jitter (httpx.Retrier, the
// loop and limits every HTTP client shares), and never puts the API key
// in a log line or an error.
package licentric

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/httpx"
)

// APIError is an error answer in either documented shape:
// {error, code, status} or {error, code, details, requestId}.
type APIError struct {
	Status    int
	Code      string `json:"code"`
	Message   string `json:"error"`
	RequestID string `json:"requestId"`
}

// Error names the HTTP status, the API code and its message.
func (e *APIError) Error() string {
	s := fmt.Sprintf("HTTP %d %s: %s", e.Status, e.Code, e.Message)
	if e.RequestID != "" {
		s += " (request " + e.RequestID + ")"
	}
	return s
}

// client is the HTTP layer: auth, pacing, retries, envelopes.
type client struct {
	base   string // …/api/v1, no trailing slash
	key    string
	http   *http.Client
	manage *pacer
	valid  *pacer
	// retry is the shared retry loop (httpx.Retrier): its limits, as
	// docs/licentric-api.md states them, and the clock it waits on.
	retry httpx.Retrier
	// activate paces POST /machines, Licentric's activation tier.
	activate *pacer
	// requests counts every HTTP request sent, for the benchmark.
	requests int64
	mu       sync.Mutex
	// report receives progress and long waits; nil reports nothing.
	report providers.Reporter
}

// pause waits for d, saying why when d is long enough to notice.
func (c *client) pause(ctx context.Context, why string, d time.Duration) error {
	return c.retry.Pause(ctx, why, d)
}

func newClient(base, key string) (*client, error) {
	key = strings.TrimSpace(key)
	if strings.ContainsFunc(key, func(r rune) bool { return r <= ' ' || r >= 0x7f }) {
		return nil, errors.New("target licentric: the API key holds a space or control character, which no key has; check the variable")
	}
	base = strings.TrimRight(base, "/")
	if err := httpx.CheckURL(base); err != nil {
		return nil, fmt.Errorf("target licentric: url %w (like https://www.licentric.com/api/v1; plain http:// only to the sandbox on this machine)", err)
	}
	u, _ := url.Parse(base)
	return &client{base: u.String(), key: key, http: httpx.NewClient(2*time.Minute, 16),
		manage: newPacer(), valid: newPacer(), activate: newPacer(), retry: httpx.Retrier{Server: "the server"}}, nil
}

// call is one logical request; the body is marshalled once so every retry
// sends the same bytes (and the same Idempotency-Key).
type call struct {
	method, path string
	query        url.Values
	body         any
	idempotency  string
	validate     bool // validate-key tier
	// license, when set, authenticates with the license key on the
	// activation tier (POST /machines) instead of the API key.
	license license.Key
	// once: a failure after which the request may have taken effect (a
	// dropped connection, a 5xx) is returned as an *UncertainError instead
	// of retried, so a create can look before it sends again. 429s are
	// still waited out: the server did not act on them.
	once bool
	// replayed, when set, learns whether the answer was an idempotent
	// replay of a request this call had not sent before (so another run,
	// or an earlier one, did the work).
	replayed *bool
}

// UncertainError is a write whose outcome is unknown: it may or may not
// have taken effect on the server.
type UncertainError struct{ Err error }

// Error says the request may have taken effect, so a user re-runs
// rather than assumes a failed write.
func (e *UncertainError) Error() string {
	return e.Err.Error() + " (the request may have taken effect)"
}

// Unwrap is the failure behind, for errors.Is and errors.As.
func (e *UncertainError) Unwrap() error { return e.Err }

// do sends a call with retries and decodes a 2xx answer into out.
func (c *client) do(ctx context.Context, cl call, out any) error {
	var payload []byte
	if cl.body != nil {
		var err error
		if payload, err = json.Marshal(cl.body); err != nil {
			return err
		}
	}
	reached := false
	err := c.retry.Do(ctx, cl.method+" "+cl.path, func(int) (httpx.Outcome, error) {
		o, err := c.attempt(ctx, cl, payload, out, reached)
		if o.Retry && o.Wait == 0 && ctx.Err() == nil { // not a 429: the server may have acted on it
			reached = true
			if cl.once {
				return httpx.Outcome{}, &UncertainError{Err: err}
			}
		}
		return o, err
	})
	return c.wrap(cl, err)
}

// attempt sends a call once, paced; reached says whether an earlier
// attempt may have taken effect (then a replayed answer is this call's own).
func (c *client) attempt(ctx context.Context, cl call, payload []byte, out any, reached bool) (httpx.Outcome, error) {
	p := c.manage
	if cl.validate {
		p = c.valid
	}
	if cl.license != "" {
		p = c.activate
	}
	if err := p.wait(ctx, c.pause); err != nil {
		return httpx.Outcome{}, err
	}
	resp, err := c.send(ctx, cl, payload)
	p.done()
	if err != nil {
		return httpx.Outcome{Retry: !httpx.IsRedirect(err)}, err
	}
	p.update(resp.Header)
	if cl.replayed != nil {
		*cl.replayed = !reached && resp.Header.Get("Idempotent-Replayed") == "true"
	}
	return c.outcome(resp, out)
}

// wrap names the request in an error, with the API key scrubbed.
func (c *client) wrap(cl call, err error) error {
	if err == nil {
		return nil
	}
	return httpx.Scrub(fmt.Errorf("%s %s: %w", cl.method, cl.path, err), c.key)
}

func (c *client) send(ctx context.Context, cl call, payload []byte) (*http.Response, error) {
	u := c.base + cl.path
	if len(cl.query) > 0 {
		u += "?" + cl.query.Encode()
	}
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, u, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	switch {
	case cl.license != "":
		req.Header.Set("Authorization", "License "+cl.license.Reveal())
	case !cl.validate:
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	if cl.idempotency != "" {
		req.Header.Set("Idempotency-Key", cl.idempotency)
		// Go's transport would resend a request with this header by itself
		// after a dropped connection, hiding from do that the first attempt
		// may have taken effect (and so whose replay an answer is).
		req.GetBody = nil
	}
	c.mu.Lock()
	c.requests++
	c.mu.Unlock()
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, httpx.Scrub(err, c.key)
	}
	return resp, nil
}

// outcome reads an answer: decode on 2xx; retry 429 (after Retry-After)
// and 5xx; fail on other 4xx, which a retry cannot fix.
func (c *client) outcome(resp *http.Response, out any) (httpx.Outcome, error) {
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return httpx.Outcome{Retry: true}, err // the answer was lost mid-body: retry safely
	}
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		if out == nil || resp.StatusCode == http.StatusNoContent {
			return httpx.Outcome{}, nil
		}
		if err := json.Unmarshal(raw, out); err != nil {
			return httpx.Outcome{}, fmt.Errorf("unreadable answer: %v", err)
		}
		return httpx.Outcome{}, nil
	case resp.StatusCode == http.StatusTooManyRequests:
		return httpx.Outcome{Retry: true, Wait: httpx.RetryAfter(resp.Header.Get("Retry-After"), time.Second)}, c.apiError(resp.StatusCode, raw)
	case resp.StatusCode >= 500:
		return httpx.Outcome{Retry: true}, c.apiError(resp.StatusCode, raw)
	}
	return httpx.Outcome{}, c.apiError(resp.StatusCode, raw)
}

// apiError reads an error answer in either documented shape; its
// message is cut short and scrubbed of credentials the server echoed.
func (c *client) apiError(status int, raw []byte) *APIError {
	e := &APIError{Status: status}
	if json.Unmarshal(raw, e) != nil || e.Message == "" {
		e.Message = strings.TrimSpace(string(raw))
	}
	e.Message = httpx.ScrubText(e.Message, c.key)
	if len(e.Message) > 200 {
		e.Message = e.Message[:200] + "…"
	}
	e.RequestID = httpx.ScrubText(e.RequestID, c.key)
	return e
}

// IsStatus reports whether err is an APIError with that HTTP status.
func IsStatus(err error, status int) bool {
	var e *APIError
	return errors.As(err, &e) && e.Status == status
}
