package live

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/licentric/licentric-sync/providers/httpx"
	"github.com/licentric/licentric-sync/providers/platform"
)

// Ask sends one request for compare (platform.Asker): paced like the
// pages, but asked once. A license check that fails is counted unknown
// and can be asked again by the next run, so a transport error, a 429
// or a 5xx is returned rather than retried; a refused token is an
// AuthError, which ends the run. Errors name the method and path, which
// may hold a license id, never the token.
func (p *Pager) Ask(ctx context.Context, r platform.Request) (int, []byte, error) {
	if err := p.loadToken(); err != nil {
		return 0, nil, err
	}
	if err := p.pace.wait(ctx, p.pause); err != nil {
		return 0, nil, err
	}
	if err := p.askLimit.Wait(ctx); err != nil {
		return 0, nil, err
	}
	req, err := p.newAsk(ctx, r)
	if err != nil {
		return 0, nil, err
	}
	what := r.Method + " " + r.Path
	p.requests++
	resp, err := p.http.Do(req)
	if err != nil {
		return 0, nil, httpx.Scrub(fmt.Errorf("%s: %w", what, err), p.token)
	}
	defer resp.Body.Close()
	p.pace.update(resp.Header, p.now())
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxPageBytes+1))
	switch s := resp.StatusCode; {
	case err != nil:
		return 0, nil, httpx.Scrub(fmt.Errorf("%s: the answer was cut off: %w", what, err), p.token)
	case len(body) > MaxPageBytes:
		return 0, nil, fmt.Errorf("%s: the answer is larger than %d MiB; is api.url the platform's API?", what, MaxPageBytes>>20)
	case s == http.StatusUnauthorized || s == http.StatusForbidden:
		return 0, nil, &AuthError{Source: p.src.Name, Env: p.src.API.TokenEnv, Status: s, Message: p.message(body)}
	case s == http.StatusTooManyRequests || s >= 500:
		return 0, nil, &StatusError{Request: what, Status: s, Message: p.message(body)}
	}
	return resp.StatusCode, body, nil
}

// Ready checks, before any request, that the source's token variable
// holds a token: compare asks it first, so a run that could not ask the
// old platform fails at once instead of counting every license unknown.
func (p *Pager) Ready() error {
	if err := p.loadToken(); err != nil {
		return fmt.Errorf("source %s: %w", p.src.Name, err)
	}
	return nil
}

// Paced is the pager as an Asker that also keeps a license check's own
// published rate (perMinute, 0: none) on the platform's host, as the
// list pages keep the list API's.
func (p *Pager) Paced(perMinute int) platform.Asker {
	if perMinute > 0 && p.official {
		p.askLimit = httpx.PerMinute(perMinute, p.clock)
	}
	return p
}

// newAsk builds the request: the query in the URL, a form as the body.
func (p *Pager) newAsk(ctx context.Context, r platform.Request) (*http.Request, error) {
	var body io.Reader
	if r.Form != nil {
		body = strings.NewReader(r.Form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, p.url(r.Path, r.Query), body)
	if err != nil {
		return nil, err
	}
	if r.Form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	accept := r.Accept
	if accept == "" {
		accept = p.api.Accept
	}
	req.Header.Set("Authorization", "Bearer "+p.token)
	req.Header.Set("Accept", accept)
	req.Header.Set("User-Agent", "licentric-sync")
	return req, nil
}

// loadToken reads the source's token once.
func (p *Pager) loadToken() error {
	if p.token != "" {
		return nil
	}
	getenv := p.opts.Getenv
	if getenv == nil {
		return fmt.Errorf("no environment to read $%s from", p.src.API.TokenEnv)
	}
	p.token = strings.TrimSpace(getenv(p.src.API.TokenEnv))
	if p.token == "" {
		return fmt.Errorf("$%s is empty; export the %s API token in it (a read-only token is enough)", p.src.API.TokenEnv, p.src.Platform)
	}
	return nil
}
