// Package httpx holds what every HTTP client of the tool shares — the
// Licentric target and the live sources alike: one retry loop with its
// limits and backoff (retry.go), an injectable clock that every wait is
// on (retries, and the even pace of pace.go), Retry-After, the loopback
// rule for plain http://, and scrubbing credentials out of error texts. One copy, so a fix to how a token is hidden, or to how long a
// request may wait, reaches every client.
package httpx

import (
	"context"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/licentric/licentric-sync/license"
)

// Sleep waits for d or until ctx ends.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// RetryAfter reads a Retry-After header in seconds (the form every
// platform here sends); at least a second, and def when absent.
func RetryAfter(v string, def time.Duration) time.Duration {
	secs, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return def
	}
	return time.Duration(max(secs, 1)) * time.Second
}

// Loopback reports whether host is this machine, the one place plain
// http:// may carry a credential (a sandbox or a test fake).
func Loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// bearer is an Authorization value a server may echo in an error page.
var bearer = regexp.MustCompile(`(?i)bearer\s+[^\s"'<>,;]+`)

// Scrub removes the secret, and any bearer token, from an error's text:
// a server may echo the request's headers (a 400 quoting the credentials,
// a proxy's 502 page listing them), and errors end up in CI logs. The
// result still unwraps to err for errors.Is/As.
func Scrub(err error, secret string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	clean := ScrubText(msg, secret)
	if clean == msg {
		return err
	}
	return &scrubbed{msg: clean, err: err}
}

// ScrubText is Scrub for a text: the secret in any form a server may
// echo it (see secretForms), and the user:password@ of any URL.
func ScrubText(s, secret string) string {
	s = bearer.ReplaceAllString(s, "Bearer [redacted]")
	return license.HideUserinfo(scrubSecret(s, secret))
}

// scrubbed is an error whose text was cleaned.
type scrubbed struct {
	msg string
	err error
}

func (s *scrubbed) Error() string { return s.msg }
func (s *scrubbed) Unwrap() error { return s.err }

// epochMillis is where a numeric reset stops being seconds: 1e11 seconds
// is the year 5138, 1e11 milliseconds 1973.
const epochMillis = 1e11

// ResetTime parses a rate-limit reset header: epoch seconds (epoch
// milliseconds, which some servers send, are recognised by their size),
// an HTTP date or RFC 3339. A reset in the past or more than limit ahead
// is not believed (ok false): the caller waits its own default window
// instead, so a wrong header cannot stall a run for hours.
func ResetTime(v string, now time.Time, limit time.Duration) (at time.Time, ok bool) {
	v = strings.TrimSpace(v)
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n >= epochMillis {
			at = time.UnixMilli(n)
		} else {
			at = time.Unix(n, 0)
		}
	} else if t, err := http.ParseTime(v); err == nil {
		at = t
	} else if t, err := time.Parse(time.RFC3339, v); err == nil {
		at = t
	} else {
		return time.Time{}, false
	}
	if at.Before(now) || at.After(now.Add(limit)) {
		return time.Time{}, false
	}
	return at, true
}
