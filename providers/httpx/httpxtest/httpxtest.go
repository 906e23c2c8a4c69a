// Package httpxtest holds the two servers the redirect tests of every
// HTTP client share: one that redirects everything elsewhere, and a
// witness that records what reached it, both on 127.0.0.1.
package httpxtest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// Witness is a server that records the Authorization header and body of
// every request that reaches it, and answers 404.
type Witness struct {
	URL  string
	mu   sync.Mutex
	auth []string
	body []string
}

// Seen is what reached the witness: one Authorization value and one
// body per request.
func (w *Witness) Seen() (auth, body []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.auth...), append([]string(nil), w.body...)
}

// Leaks counts the requests that carried a credential or a body.
func (w *Witness) Leaks() int {
	auth, body := w.Seen()
	n := 0
	for i := range auth {
		if auth[i] != "" || body[i] != "" {
			n++
		}
	}
	return n
}

// NewWitness starts a witness, closed when the test ends.
func NewWitness(t testing.TB) *Witness {
	w := &Witness{}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.mu.Lock()
		w.auth = append(w.auth, r.Header.Get("Authorization"))
		w.body = append(w.body, string(b))
		w.mu.Unlock()
		rw.WriteHeader(http.StatusNotFound)
	}))
	t.Cleanup(srv.Close)
	w.URL = srv.URL
	return w
}

// Redirector answers every request with status and Location to plus the
// request's path and query, counting the requests it was asked.
type Redirector struct {
	Status int
	To     string
	mu     sync.Mutex
	asked  int
}

// Asked is how many requests reached the redirector.
func (r *Redirector) Asked() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.asked
}

// ServeHTTP redirects.
func (r *Redirector) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	_, _ = io.Copy(io.Discard, req.Body)
	r.mu.Lock()
	r.asked++
	r.mu.Unlock()
	w.Header().Set("Location", r.To+req.URL.RequestURI())
	w.WriteHeader(r.Status)
}

// Start serves r on 127.0.0.1 and returns its URL.
func Start(t testing.TB, r *Redirector) string {
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return srv.URL
}
