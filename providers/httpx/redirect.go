package httpx

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"
)

// maxRedirects is how many same-origin redirects one request follows.
const maxRedirects = 10

// RedirectError is a redirect the tool refused to follow. It names the
// two origins (scheme, host and port; never a path, query or credential)
// and is final: a retry would meet the same redirect.
type RedirectError struct {
	From, To string // origins
	Reason   string
}

// Error names both origins and says where a trusted address goes.
func (e *RedirectError) Error() string {
	return fmt.Sprintf("refused to follow the server's redirect from %s to %s: %s; put the final address in the URL setting if it is trusted",
		e.From, e.To, e.Reason)
}

// NewClient is the HTTP client every part of the tool uses: its own
// connection pool (perHost idle connections), a whole-request timeout,
// and CheckRedirect, so no redirect carries a credential or a body to
// another origin.
func NewClient(timeout time.Duration, perHost int) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if perHost > 0 {
		tr.MaxIdleConnsPerHost = perHost
	}
	return &http.Client{Transport: tr, Timeout: timeout, CheckRedirect: CheckRedirect}
}

// Guard returns a copy of c (nil: a new client) whose redirects follow
// CheckRedirect, for a client handed in from outside.
func Guard(c *http.Client) *http.Client {
	if c == nil {
		return NewClient(2*time.Minute, 0)
	}
	g := *c
	g.CheckRedirect = CheckRedirect
	return &g
}

// CheckRedirect is http.Client.CheckRedirect for every client here. A
// redirect from https to anything else is refused outright (the answer
// could be read on the way). A redirect to another origin (scheme, host
// or port) is refused when the first request carried an Authorization
// header or a body: Go's client re-sends Authorization to the same host
// name on another port, and a 307/308 re-sends the body, which for an
// import holds every key and email. Same-origin redirects are followed,
// at most maxRedirects.
func CheckRedirect(req *http.Request, via []*http.Request) error {
	first := via[0]
	from, to := origin(first.URL), origin(req.URL)
	switch {
	case first.URL.Scheme == "https" && req.URL.Scheme != "https":
		return &RedirectError{From: from, To: to, Reason: "it leaves https, so the request would travel unencrypted"}
	case from != to && (first.Header.Get("Authorization") != "" || carriesBody(first)):
		return &RedirectError{From: from, To: to, Reason: "it goes to another origin, which must not receive the credentials or the request body"}
	case len(via) >= maxRedirects:
		return &RedirectError{From: from, To: to, Reason: fmt.Sprintf("more than %d redirects", maxRedirects)}
	}
	return nil
}

// carriesBody reports whether a request had a body to send.
func carriesBody(r *http.Request) bool {
	return r.ContentLength != 0 || (r.Body != nil && r.Body != http.NoBody)
}

// origin is scheme://host:port with the default port made explicit, so
// https://h and https://h:443 are one origin.
func origin(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return u.Scheme + "://" + net.JoinHostPort(u.Hostname(), port)
}

// IsRedirect reports whether err is a refused redirect, which no retry
// can fix.
func IsRedirect(err error) bool {
	var r *RedirectError
	return errors.As(err, &r)
}
