package licentric_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/licentric/licentric-sync/providers/httpx/httpxtest"
	"github.com/licentric/licentric-sync/providers/licentric"
	"github.com/licentric/licentric-sync/providers/targettest"
	"github.com/licentric/licentric-sync/sandbox"
)

// echoServer answers every request with status and a body built from the
// request, counting requests.
func echoServer(t *testing.T, status int, header map[string]string, body func(*http.Request) string) (string, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body(r))
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/api/v1", &n
}

// TestEchoedCredentialsAreScrubbed: a server that quotes the request's
// Authorization header in its error never gets the API key into ours.
func TestEchoedCredentialsAreScrubbed(t *testing.T) {
	const key = "lk_test_s3cr3tv4lu3"
	for name, tc := range map[string]struct {
		status int
		body   func(*http.Request) string
	}{
		"400 json": {400, func(r *http.Request) string {
			return fmt.Sprintf(`{"error":"malformed credentials: %s","code":"BAD_REQUEST"}`, r.Header.Get("Authorization"))
		}},
		"502 html": {502, func(r *http.Request) string {
			return "<html><h1>502 Bad Gateway</h1><pre>Authorization: " + r.Header.Get("Authorization") + "\nHost: x</pre></html>"
		}},
	} {
		t.Run(name, func(t *testing.T) {
			url, _ := echoServer(t, tc.status, nil, tc.body)
			target, err := licentric.New(url, key)
			if err != nil {
				t.Fatal(err)
			}
			target.SetClock(httpxtest.NewClock(time.Now()))
			_, err = target.Current(context.Background())
			if err == nil {
				t.Fatal("want an error")
			}
			if strings.Contains(err.Error(), "s3cr3t") || strings.Contains(strings.ToLower(err.Error()), "bearer lk_") {
				t.Fatalf("the error quotes the API key: %v", err)
			}
			if !licentric.IsStatus(err, tc.status) {
				t.Fatalf("the scrubbed error lost its status: %v", err)
			}
		})
	}
}

// TestRetriesMatchTheDocs: a 502 that never clears costs 1+6 requests, as
// docs/licentric-api.md says, and a Retry-After past the cap fails at once
// with the reason instead of sleeping for days.
func TestRetriesMatchTheDocs(t *testing.T) {
	url, n := echoServer(t, 502, nil, func(*http.Request) string { return "bad gateway" })
	target, clock := onFakeClock(t, url)
	if _, err := target.Current(context.Background()); err == nil || !strings.Contains(err.Error(), "gave up after 7 attempts") {
		t.Fatalf("got %v", err)
	}
	if got := n.Load(); got != 7 {
		t.Fatalf("one failing request was sent %d times, want 7 (1 + 6 retries)", got)
	}
	if _, sleeps := clock.Slept(); sleeps != 6 {
		t.Fatalf("%d waits between 7 attempts, want 6 backoffs", sleeps)
	}
	url, n = echoServer(t, 429, map[string]string{"Retry-After": "999999"}, func(*http.Request) string { return `{"error":"slow down","code":"RATE_LIMITED"}` })
	target, clock = onFakeClock(t, url)
	_, err := target.Current(context.Background())
	if err == nil || !strings.Contains(err.Error(), "past the 2m0s this tool waits for one request") {
		t.Fatalf("got %v", err)
	}
	if slept, _ := clock.Slept(); slept != 0 || n.Load() != 1 {
		t.Fatalf("%d requests and %s of waiting for a Retry-After of 11 days", n.Load(), slept)
	}
}

// onFakeClock is a target for url whose waits are on a fake clock.
func onFakeClock(t *testing.T, url string) (*licentric.Target, *httpxtest.Clock) {
	t.Helper()
	target, err := licentric.New(url, "lk_test_x")
	if err != nil {
		t.Fatal(err)
	}
	clock := httpxtest.NewClock(time.Unix(1_700_000_000, 0))
	target.SetClock(clock)
	return target, clock
}

// TestOddTextRoundTrips: names with control characters, HTML-ish text,
// line separators and non-Latin scripts go through the HTTP target and
// the sandbox and come back exactly; a NUL is refused, and the account
// stays readable.
func TestOddTextRoundTrips(t *testing.T) {
	_, _, url := startSandbox(t, sandbox.Options{})
	target := newTarget(t, url)
	odd := []string{"tab\there", "line\nbreak", "\x01\x1f\x7f", "Zoë <Ops> & Co", "\u2028\u2029 日本語", `quote " backslash \`}
	ls := targettest.Licenses()[:len(odd)]
	for i := range ls {
		ls[i].Name, ls[i].UserName = odd[i], odd[len(odd)-1-i]
	}
	targettest.Converge(t, target, targettest.Desired(ls), false)
	bad := targettest.Licenses()[:1]
	bad[0].Key, bad[0].Name = "NUL-0001", "nul\x00inside"
	p := targettest.Plan(t, target, targettest.Desired(append(ls, bad[0])), false)
	if err := target.Apply(context.Background(), p.Changes, nil); err == nil {
		t.Fatal("a NUL byte in a name was accepted")
	}
	if again := targettest.Plan(t, target, targettest.Desired(ls), false); !again.Empty() {
		t.Fatalf("after the refusal the account differs: %d changes", len(again.Changes))
	}
}

// FuzzHTTPRoundTrip: any valid UTF-8 text without NUL goes through the
// HTTP target and the sandbox and comes back exactly (the plan is empty
// after applying it); a NUL is refused and the account stays readable.
func FuzzHTTPRoundTrip(f *testing.F) {
	for _, s := range []string{"plain", "tab\there", "line\nbreak", "\x01\x7f", "Zoë <&>", "\u2028", `"\`, "nul\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // refused at mapping time; JSON cannot carry it exactly
		}
		_, _, url := startSandbox(t, sandbox.Options{})
		target := newTarget(t, url)
		ls := targettest.Licenses()[:1]
		ls[0].Name, ls[0].UserName = s, s
		p := targettest.Plan(t, target, targettest.Desired(ls), false)
		err := target.Apply(context.Background(), p.Changes, nil)
		if strings.IndexByte(s, 0) >= 0 {
			if err == nil {
				t.Fatal("a NUL byte was accepted")
			}
			targettest.Read(t, target)
			return
		}
		if err != nil {
			t.Fatalf("apply %q: %v", s, err)
		}
		if again := targettest.Plan(t, target, targettest.Desired(ls), false); !again.Empty() {
			t.Fatalf("%q did not round-trip: %+v", s, again.Changes[0].Fields)
		}
	})
}

// TestAPIKeyIsTrimmed: a key read with its trailing newline (echo,
// a secrets file) works, as live tokens do, instead of failing seven
// times on an invalid header; a key with a control inside is refused
// before any request.
func TestAPIKeyIsTrimmed(t *testing.T) {
	_, _, url := startSandbox(t, sandbox.Options{})
	target, err := licentric.New(url, testKey+"\n")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := target.Current(context.Background()); err != nil {
		t.Fatalf("a key with a trailing newline: %v", err)
	}
	if _, err := licentric.New(url, "lk_test_a\x00b"); err == nil || strings.Contains(err.Error(), "lk_test_a") {
		t.Fatalf("a key with a NUL: %v", err)
	}
}
