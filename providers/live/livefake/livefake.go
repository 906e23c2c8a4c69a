// Package livefake serves the list APIs of Keygen, Cryptlex and
// LemonSqueezy from export fixtures, paged and included as each platform
// documents, with their error documents and rate-limit headers, and
// faults on chosen requests (a 429 with Retry-After, a 500, a dropped
// connection, a 401). Tests, testscripts and the benchmark read live
// sources from it over real HTTP on 127.0.0.1.
package livefake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault is what goes wrong with one request.
type Fault string

// The faults.
const (
	TooMany      Fault = "429"   // 429 with Retry-After: 1
	ServerError  Fault = "500"   // a 500 with an error document
	Drop         Fault = "drop"  // the connection closes before any answer
	Unauthorized Fault = "401"   // the token is refused
	Exhausted    Fault = "limit" // 200, but the headers say nothing is left for a second
	ErrorOK      Fault = "200"   // an error document answered with 200, as some proxies do
	Echo         Fault = "echo"  // a 400 page that quotes the request's credentials back
	// Truncated answers a Cryptlex or LemonSqueezy page one record short,
	// its total unchanged (a replica behind, a record hidden mid-read).
	Truncated Fault = "short"
)

// Server is a fake of one platform's list API.
type Server struct {
	Platform string
	Token    string
	// Licenses are the license resources (Keygen, LemonSqueezy) or
	// objects (Cryptlex), served in this order.
	Licenses []json.RawMessage
	// Included are related resources by "type/id", served with the
	// licenses that point at them (Keygen, LemonSqueezy).
	Included map[string]json.RawMessage
	// Products are Cryptlex's /products.
	Products []json.RawMessage
	// Faults maps a request's number (from 1) to its fault.
	Faults map[int]Fault
	// OnRequest, when set, runs before request n is answered (tests
	// change the data between reads with it).
	OnRequest func(n int)
	// PageCap, when set, is the most records a Cryptlex or LemonSqueezy
	// page holds whatever size is asked (a server that caps page size).
	PageCap int
	// NoTotals makes a Cryptlex fake leave out its Pagination-* headers
	// (they are Cryptlex's published convention, unconfirmed on the
	// live API): the list then ends at a short or empty page.
	NoTotals bool
	// Now is the fake's clock for its rate-limit resets; nil: time.Now.
	// Tests share a fake clock with the client (httpxtest.Clock).
	Now func() time.Time

	mu       sync.Mutex
	requests int
	paths    []string
	index    map[string]int
	rels     [][]string // per license, the included keys it points at
	truncate bool       // this answer is one record short (Truncated)
	sorted   map[string]*keygenView
	// pages holds answers already made, by request URI, so a benchmark
	// measures the client and not the fake's own encoding (a real
	// platform's CPU is not the client's). Update clears it.
	pages map[string][]byte
}

// cached answers from the page cache, or makes the answer and keeps it.
func (s *Server) cached(r *http.Request) ([]byte, int) {
	if s.truncate {
		return s.answer(r)
	}
	if body, ok := s.pages[r.URL.RequestURI()]; ok {
		return body, http.StatusOK
	}
	body, status := s.answer(r)
	if status == http.StatusOK {
		if s.pages == nil {
			s.pages = map[string][]byte{}
		}
		s.pages[r.URL.RequestURI()] = body
	}
	return body, status
}

// Base is the API path the fake serves under, as api.url ends.
func Base(platform string) string {
	switch platform {
	case "keygen":
		return "/v1/accounts/acme"
	case "cryptlex":
		return "/v3"
	}
	return "/v1"
}

// Start serves s on 127.0.0.1 and returns the server and the api.url to
// configure.
func (s *Server) Start() (*httptest.Server, string) {
	srv := httptest.NewServer(s)
	return srv, srv.URL + Base(s.Platform)
}

// Update changes the fake's data while no request is being answered.
func (s *Server) Update(fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn()
	s.pages, s.sorted = nil, nil
}

// Requests is how many requests arrived.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// Paths are the requests' paths and queries, in order.
func (s *Server) Paths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.paths...)
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	n := s.requests
	s.paths = append(s.paths, r.URL.RequestURI())
	fault := s.Faults[n]
	hook := s.OnRequest
	s.mu.Unlock()
	if hook != nil {
		hook(n)
	}
	switch {
	case fault == Drop:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
	case fault == Unauthorized || r.Header.Get("Authorization") != "Bearer "+s.Token:
		if s.Platform == "keygen" { // ApplicationController#render_unauthorized
			s.fail(w, http.StatusUnauthorized, "TOKEN_INVALID", "You must be authenticated to complete the request")
			return
		}
		s.fail(w, http.StatusUnauthorized, "UNAUTHORIZED", "the token is invalid or expired")
		return
	case fault == TooMany:
		w.Header().Set("Retry-After", "1")
		if s.Platform == "keygen" { // config/initializers/rack_attack.rb, throttled_responder
			s.rateHeaders(w, true)
			s.fail(w, http.StatusTooManyRequests, "TOO_MANY_REQUESTS", "Throttle limit has been reached for your IP address. Please slow down.")
			return
		}
		s.fail(w, http.StatusTooManyRequests, "TOO_MANY_REQUESTS", "slow down")
		return
	case fault == ServerError:
		s.fail(w, http.StatusInternalServerError, "INTERNAL", "something broke")
		return
	case fault == Echo:
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, "<html>upstream failed for Authorization: %s (token %s)</html>", r.Header.Get("Authorization"), s.Token)
		return
	case fault == ErrorOK:
		s.fail(w, http.StatusOK, "MAINTENANCE", "down for maintenance")
		return
	}
	s.rateHeaders(w, fault == Exhausted)
	s.mu.Lock()
	s.truncate = fault == Truncated
	body, status := s.cached(r)
	if s.Platform == "cryptlex" && status == http.StatusOK {
		s.cryptlexHeaders(w.Header(), r)
	}
	s.truncate = false
	s.mu.Unlock()
	w.Header().Set("Content-Type", s.contentType())
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (s *Server) contentType() string {
	if s.Platform == "cryptlex" {
		return "application/json; charset=utf-8"
	}
	return "application/vnd.api+json"
}

// rateHeaders states the allowance in the platform's spelling; exhausted
// says none is left until a second from now.
func (s *Server) rateHeaders(w http.ResponseWriter, exhausted bool) {
	left := "1000"
	if exhausted {
		left = "0"
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	reset := now().Add(time.Second)
	switch s.Platform {
	case "cryptlex":
		w.Header().Set("X-Rate-Limit-Limit", "5s")
		w.Header().Set("X-Rate-Limit-Remaining", left)
		w.Header().Set("X-Rate-Limit-Reset", reset.UTC().Format(http.TimeFormat))
	case "lemonsqueezy":
		w.Header().Set("X-Ratelimit-Limit", "300")
		w.Header().Set("X-Ratelimit-Remaining", left)
	default: // Keygen: app/controllers/concerns/default_headers.rb
		w.Header().Set("X-RateLimit-Window", "1m")
		w.Header().Set("X-RateLimit-Count", "0")
		w.Header().Set("X-RateLimit-Limit", "1000")
		w.Header().Set("X-RateLimit-Remaining", left)
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix()+1, 10))
	}
}

// fail answers an error in the platform's own error shape: Cryptlex's
// {"message"}, LemonSqueezy's JSON:API errors with a string status,
// Keygen's errors with a code.
func (s *Server) fail(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", s.contentType())
	w.WriteHeader(status)
	_, _ = w.Write(append(s.errorBody(status, code, msg), '\n'))
}

// errorBody is an error document in the platform's own shape.
func (s *Server) errorBody(status int, code, msg string) []byte {
	switch s.Platform {
	case "cryptlex":
		return mustJSON(map[string]any{"message": msg})
	case "lemonsqueezy":
		return lemonError(status, msg)
	case "keygen": // {meta: {id}, errors: [{title, detail, code}]}; rack-attack's 429 has no meta
		if status == http.StatusTooManyRequests {
			return mustJSON(map[string]any{"errors": []map[string]any{{"title": "Too many requests", "detail": msg, "code": code}}})
		}
		return mustJSON(map[string]any{"meta": map[string]string{"id": keygenRequestID},
			"errors": []map[string]any{{"title": http.StatusText(status), "detail": msg, "code": code}}})
	}
	return mustJSON(map[string]any{"errors": []map[string]any{{"title": http.StatusText(status), "detail": msg, "code": code}}})
}

func (s *Server) answer(r *http.Request) ([]byte, int) {
	base := Base(s.Platform)
	switch s.Platform + " " + r.URL.Path {
	case "keygen " + base + "/licenses", "keygen " + base + "/users", "keygen " + base + "/policies", "keygen " + base + "/products":
		return s.keygenList(r, strings.TrimPrefix(r.URL.Path, base+"/"))
	case "cryptlex " + base + "/licenses":
		return s.cryptlex(r, s.Licenses)
	case "cryptlex " + base + "/products":
		return s.cryptlex(r, s.Products)
	case "lemonsqueezy " + base + "/license-keys":
		return s.lemon(r)
	}
	return s.errorBody(http.StatusNotFound, "NOT_FOUND", "no route "+r.URL.Path), http.StatusNotFound
}

func badParam(name string) ([]byte, int) {
	return mustJSON(map[string]any{"errors": []map[string]any{{"title": "Bad request", "detail": "invalid " + name, "source": map[string]string{"parameter": name}}}}), http.StatusBadRequest
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("livefake: %v", err))
	}
	return b
}
