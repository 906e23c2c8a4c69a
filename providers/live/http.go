package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/licentric/licentric-sync/providers/httpx"
)

// Limits of one answer and of a believed reset. Retries, backoff and
// their limits are httpx.Retrier's, shared with the Licentric target.
const (
	// MaxPageBytes bounds one answer: a page of 100 licenses with their
	// included owners is tens of kilobytes; anything past this is not a
	// list page and is refused rather than read into memory.
	MaxPageBytes = 32 << 20
	// maxReset: a rate-limit reset further ahead than this is not
	// believed (a wait that long is the retry cap's business); the
	// window is taken as a minute instead.
	maxReset = time.Hour
)

// AuthError is the platform refusing the token (401 or 403). It names
// the source and the variable, never the token.
type AuthError struct {
	Source, Env string
	Status      int
	Message     string
}

// Error names the variable to fix, never the token.
func (e *AuthError) Error() string {
	return fmt.Sprintf("the API refused the token in $%s (HTTP %d: %s); check that it is valid, not expired, and may read licenses",
		e.Env, e.Status, e.Message)
}

// get fetches one page with pacing and retries: 429 waits for
// Retry-After, 5xx and dropped connections back off; 401/403 and other
// 4xx fail at once, since a retry cannot fix them. The answer's headers
// come with it (Cryptlex states its total in them).
func (p *Pager) get(ctx context.Context, u string) (body []byte, hdr http.Header, err error) {
	err = p.retrier().Do(ctx, p.src.Name, func(int) (httpx.Outcome, error) {
		if err := p.pace.wait(ctx, p.pause); err != nil {
			return httpx.Outcome{}, err
		}
		var o httpx.Outcome
		var err error
		body, hdr, o, err = p.try(ctx, u)
		return o, err
	})
	if err != nil {
		return nil, nil, err
	}
	return body, hdr, nil
}

// retrier is the shared retry loop on the pager's clock and reporter.
func (p *Pager) retrier() httpx.Retrier {
	return httpx.Retrier{Clock: p.clock, Report: p.report, Server: "the platform"}
}

// try sends one request. The error text never holds the token: the
// request URL carries none, and answers are scrubbed.
func (p *Pager) try(ctx context.Context, u string) (body []byte, hdr http.Header, o httpx.Outcome, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, nil, httpx.Outcome{}, err
	}
	req.Header.Set("Authorization", "Bearer "+p.token)
	req.Header.Set("Accept", p.api.Accept)
	req.Header.Set("User-Agent", "licentric-sync")
	p.requests++
	resp, err := p.http.Do(req)
	if err != nil {
		return nil, nil, httpx.Outcome{Retry: !httpx.IsRedirect(err)}, httpx.Scrub(fmt.Errorf("GET %s: %w", p.show(u), err), p.token)
	}
	defer resp.Body.Close()
	p.pace.update(resp.Header, p.now())
	body, err = io.ReadAll(io.LimitReader(resp.Body, MaxPageBytes+1))
	if err != nil {
		return nil, nil, httpx.Outcome{Retry: true}, httpx.Scrub(fmt.Errorf("GET %s: the answer was cut off: %w", p.show(u), err), p.token)
	}
	if len(body) > MaxPageBytes {
		return nil, nil, httpx.Outcome{}, fmt.Errorf("GET %s: the answer is larger than %d MiB, which no list page is; is api.url the platform's API?", p.show(u), MaxPageBytes>>20)
	}
	switch s := resp.StatusCode; {
	case s >= 200 && s < 300:
		return body, resp.Header, httpx.Outcome{}, nil
	case s == http.StatusUnauthorized || s == http.StatusForbidden:
		return nil, nil, httpx.Outcome{}, &AuthError{Source: p.src.Name, Env: p.src.API.TokenEnv, Status: s, Message: p.message(body)}
	case s == http.StatusTooManyRequests:
		return nil, nil, httpx.Outcome{Retry: true, Wait: httpx.RetryAfter(resp.Header.Get("Retry-After"), time.Second)}, p.statusError(u, s, body)
	case s >= 500:
		return nil, nil, httpx.Outcome{Retry: true}, p.statusError(u, s, body)
	}
	return nil, nil, httpx.Outcome{}, p.statusError(u, resp.StatusCode, body)
}

// StatusError is an answer the platform refused with a status other
// than 401/403, its message short and scrubbed.
type StatusError struct {
	Request string // method and path, no credential
	Status  int
	Message string
}

// Error is the request, the status and the platform's own message.
func (e *StatusError) Error() string {
	return fmt.Sprintf("%s: HTTP %d: %s", e.Request, e.Status, e.Message)
}

func (p *Pager) statusError(u string, status int, body []byte) error {
	return &StatusError{Request: "GET " + p.show(u), Status: status, Message: p.message(body)}
}

// message is an error answer's text, short and scrubbed: Keygen's and
// LemonSqueezy's {errors:[{title, detail}]}, Cryptlex's {message}, or the
// raw body.
func (p *Pager) message(body []byte) string {
	var doc struct {
		Message string `json:"message"`
		Errors  []struct {
			Title, Detail, Code string
		} `json:"errors"`
	}
	msg := strings.TrimSpace(string(body))
	if json.Unmarshal(body, &doc) == nil {
		switch {
		case len(doc.Errors) > 0:
			e := doc.Errors[0]
			msg = strings.TrimSpace(strings.Join([]string{e.Code, e.Title, e.Detail}, " "))
		case doc.Message != "":
			msg = doc.Message
		}
	}
	msg = httpx.ScrubText(msg, p.token)
	if len(msg) > 200 {
		msg = msg[:200] + "…"
	}
	if msg == "" {
		msg = "no message"
	}
	return msg
}

// show is a request URL for messages: the path and query, which hold
// paging parameters and never a credential.
func (p *Pager) show(u string) string {
	return strings.TrimPrefix(u, p.origin)
}

// pause waits for d, saying so first when d is long enough to notice.
func (p *Pager) pause(ctx context.Context, why string, d time.Duration) error {
	return p.retrier().Pause(ctx, why, d)
}

// headerPace follows a platform's rate-limit headers: when an answer
// says no request is left in the window, the next waits for the reset
// instead of provoking a 429. On the platforms' own hosts a limiter at
// the documented rate paces every request too (see documented).
type headerPace struct {
	limiter *httpx.Pace // nil off the platform's host
	until   time.Time   // no request before this
	now     func() time.Time
}

func (h *headerPace) wait(ctx context.Context, pause func(context.Context, string, time.Duration) error) error {
	if d := h.until.Sub(h.now()); d > 0 {
		if err := pause(ctx, "the platform's rate limit (no requests left in this window)", d); err != nil {
			return err
		}
	}
	return h.limiter.Wait(ctx)
}

// update reads the remaining allowance and its reset in any of the
// spellings: X-RateLimit-* (Keygen, LemonSqueezy; header names are
// case-insensitive) and X-Rate-Limit-* (Cryptlex). The reset is epoch
// seconds, an HTTP date or RFC 3339; without one, a window is a minute.
func (h *headerPace) update(hd http.Header, now time.Time) {
	rem := first(hd, "X-RateLimit-Remaining", "X-Rate-Limit-Remaining")
	n, err := strconv.Atoi(strings.TrimSpace(rem))
	if err != nil || n > 0 {
		return
	}
	h.until = now.Add(time.Minute)
	if at, ok := httpx.ResetTime(first(hd, "X-RateLimit-Reset", "X-Rate-Limit-Reset"), now, maxReset); ok {
		h.until = at.Add(50 * time.Millisecond) // the platform's clock may lag ours a little
	}
}

func first(h http.Header, names ...string) string {
	for _, n := range names {
		if v := h.Get(n); v != "" {
			return v
		}
	}
	return ""
}

// ErrShape is a page whose body is not the list the platform documents;
// the platforms' paging wraps it too.
var ErrShape = errors.New("not the platform's list shape")
