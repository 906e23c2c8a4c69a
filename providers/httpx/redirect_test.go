package httpx_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/providers/httpx"
	"github.com/licentric/licentric-sync/providers/httpx/httpxtest"
)

// TestRedirectsKeepCredentialsHome runs two real servers on 127.0.0.1
// (two ports, so one host name): a redirect from the first to the second
// never delivers the Authorization header or the body there.
func TestRedirectsKeepCredentialsHome(t *testing.T) {
	const token = "tok-5ecret-value"
	for name, tc := range map[string]struct {
		status     int
		method     string
		auth, body bool
		follow     bool // the second server is asked at all
	}{
		"307 GET with token":           {status: 307, method: "GET", auth: true},
		"308 POST with token and body": {status: 308, method: "POST", auth: true, body: true},
		"307 POST body, no token":      {status: 307, method: "POST", body: true},
		"302 GET with token":           {status: 302, method: "GET", auth: true},
		"302 GET, nothing to leak":     {status: 302, method: "GET", follow: true},
	} {
		t.Run(name, func(t *testing.T) {
			w := httpxtest.NewWitness(t)
			first := httpxtest.Start(t, &httpxtest.Redirector{Status: tc.status, To: w.URL})
			body := ""
			if tc.body {
				body = `{"key":"KEY-1","email":"a@example.com"}`
			}
			req, _ := http.NewRequest(tc.method, first+"/api/v1/x", strings.NewReader(body))
			if tc.auth {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			resp, err := httpx.NewClient(5*time.Second, 0).Do(req)
			if resp != nil {
				resp.Body.Close()
			}
			auth, _ := w.Seen()
			if tc.follow {
				if err != nil || len(auth) != 1 {
					t.Fatalf("a redirect carrying nothing secret should be followed: err %v, hits %d", err, len(auth))
				}
				return
			}
			if !httpx.IsRedirect(err) {
				t.Fatalf("want a refused redirect, got %v", err)
			}
			if len(auth) != 0 {
				t.Fatalf("the second server was reached %d times", len(auth))
			}
			if strings.Contains(err.Error(), token) || !strings.Contains(err.Error(), "another origin") {
				t.Fatalf("the error should say why, without the token: %v", err)
			}
		})
	}
}

// TestRedirectSameOriginFollowed: a redirect within one origin (a moved
// path) keeps working, token and all.
func TestRedirectSameOriginFollowed(t *testing.T) {
	var got []string
	mux := http.NewServeMux()
	mux.HandleFunc("/new/", func(w http.ResponseWriter, r *http.Request) { got = append(got, r.Header.Get("Authorization")) })
	mux.Handle("/old/", http.RedirectHandler("/new/x", http.StatusTemporaryRedirect))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	req, _ := http.NewRequest("POST", srv.URL+"/old/x", strings.NewReader("body"))
	req.Header.Set("Authorization", "Bearer t")
	resp, err := httpx.NewClient(5*time.Second, 0).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(got) != 1 || got[0] != "Bearer t" {
		t.Fatalf("same-origin redirect: reached with %q", got)
	}
}

// TestRedirectHTTPSToHTTPRefused: leaving https is refused even with
// nothing secret in the request.
func TestRedirectHTTPSToHTTPRefused(t *testing.T) {
	w := httpxtest.NewWitness(t)
	tls := httptest.NewTLSServer(&httpxtest.Redirector{Status: http.StatusFound, To: w.URL})
	defer tls.Close()
	resp, err := httpx.Guard(tls.Client()).Get(tls.URL + "/x")
	if resp != nil {
		resp.Body.Close()
	}
	var re *httpx.RedirectError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "leaves https") {
		t.Fatalf("want https→http refused, got %v", err)
	}
	if auth, _ := w.Seen(); len(auth) != 0 {
		t.Fatalf("the plain server was reached")
	}
}
