// Package livefake serves a platform's list API from export fixtures or
// generated data, with faults on chosen requests (a 429 with
// Retry-After, a 500, a dropped connection, a 401). What is the
// platform's own (its routes and paging, its error documents and
// rate-limit headers, the shape of its generated records) each
// platform's package states in an API (its descriptor's Live.Fake);
// this package is the server around it. Tests, testscripts and the
// benchmark read live sources from it over real HTTP on 127.0.0.1.
package livefake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
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
	// Truncated answers an offset page one record short, its total
	// unchanged (a replica behind, a record hidden mid-read).
	Truncated Fault = "short"
)

// API is one platform's list API as the fake serves it. Each platform's
// package fills one in (its descriptor's Live.Fake); the zero value of
// an optional member is the generic behaviour.
type API struct {
	// Name is the platform's config name.
	Name string
	// Base is the API path the fake serves under, as api.url ends.
	Base        string
	ContentType string
	// Bare: its lists are bare JSON arrays (licenses, and products
	// beside them); else JSON:API list documents whose included
	// resources the fake serves with the licenses that point at them.
	Bare bool
	// Unauthorized is the code and message of a refused token; Throttled
	// of a 429, with rate-limit headers when ThrottledRate.
	Unauthorized, Throttled Refusal
	ThrottledRate           bool
	// Answer answers an authorized request without a fault, the
	// server's lock held; s.NotFound answers a path it does not serve.
	Answer func(s *Server, r *http.Request) ([]byte, int)
	// Headers, when set, adds headers to a 200 answer (paging totals).
	Headers func(s *Server, h http.Header, r *http.Request)
	// RateHeaders states the allowance left until reset; nil: none.
	RateHeaders func(h http.Header, left string, reset time.Time)
	// ErrorBody is an error document in the platform's shape; nil: a
	// JSON:API errors document.
	ErrorBody func(status int, code, msg string) []byte
	// Generate fills a fake with n synthetic licenses.
	Generate func(s *Server, n int)
}

// Refusal is an error answer's code and message.
type Refusal struct{ Code, Message string }

// Server is a fake of one platform's list API.
type Server struct {
	// Platform is the platform's config name (API.Name).
	Platform string
	API      *API
	Token    string
	// Licenses are the license resources or objects, served in this
	// order.
	Licenses []json.RawMessage
	// Included are related resources by "type/id", served with the
	// licenses that point at them or listed on their own.
	Included map[string]json.RawMessage
	// Products are a bare-array platform's /products.
	Products []json.RawMessage
	// Faults maps a request's number (from 1) to its fault.
	Faults map[int]Fault
	// PathFaults maps a request path to its fault, on every request to
	// it (one license's check failing, whatever the order of requests).
	PathFaults map[string]Fault
	// OnRequest, when set, runs before request n is answered (tests
	// change the data between reads with it).
	OnRequest func(n int)
	// PageCap, when set, is the most records an offset page holds
	// whatever size is asked (a server that caps page size).
	PageCap int
	// NoTotals makes a fake leave out totals its platform states in
	// headers: the list then ends at a short or empty page.
	NoTotals bool
	// Now is the fake's clock for its rate-limit resets and for what its
	// platform decides by date (Keygen's EXPIRED); nil: time.Now. Tests
	// share a fake clock with the client (httpxtest.Clock) or pin a date,
	// so an answer does not change as the years pass.
	Now func() time.Time

	mu       sync.Mutex
	requests int
	paths    []string
	truncate bool // this answer is one record short (Truncated)
	memo     map[string]any
	// pages holds answers already made, by request URI, so a benchmark
	// measures the client and not the fake's own encoding (a real
	// platform's CPU is not the client's). Update clears it.
	pages map[string][]byte
}

// cached answers from the page cache, or makes the answer and keeps it.
func (s *Server) cached(r *http.Request) ([]byte, int) {
	if s.truncate || r.Method != http.MethodGet {
		return s.answer(r) // a POST's answer depends on its body
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

// New is an empty fake of api that accepts token.
func New(api *API, token string) *Server {
	return &Server{Platform: api.Name, API: api, Token: token, Included: map[string]json.RawMessage{}}
}

// Generate fills a fake with n synthetic licenses in the platform's API
// shape, spread over a few products and policies, with owners, so the
// benchmark and paging tests need no large fixture.
func Generate(api *API, token string, n int) *Server {
	s := New(api, token)
	api.Generate(s, n)
	return s
}

// Memo is what the platform's fake made of the data under key (a
// sorted view), until Update changes the data.
func (s *Server) Memo(key string) (any, bool) {
	v, ok := s.memo[key]
	return v, ok
}

// SetMemo keeps v under key until Update.
func (s *Server) SetMemo(key string, v any) {
	if s.memo == nil {
		s.memo = map[string]any{}
	}
	s.memo[key] = v
}

// Start serves s on 127.0.0.1 and returns the server and the api.url to
// configure.
func (s *Server) Start() (*httptest.Server, string) {
	srv := httptest.NewServer(s)
	return srv, srv.URL + s.API.Base
}

// Update changes the fake's data while no request is being answered.
func (s *Server) Update(fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn()
	s.pages, s.memo = nil, nil
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
	if f, ok := s.PathFaults[r.URL.Path]; ok {
		fault = f
	}
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
		s.refuse(w, http.StatusUnauthorized, s.API.Unauthorized, Refusal{"UNAUTHORIZED", "the token is invalid or expired"})
		return
	case fault == TooMany:
		w.Header().Set("Retry-After", "1")
		if s.API.ThrottledRate {
			s.rateHeaders(w, true)
		}
		s.refuse(w, http.StatusTooManyRequests, s.API.Throttled, Refusal{"TOO_MANY_REQUESTS", "slow down"})
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
	if s.API.Headers != nil && status == http.StatusOK {
		s.API.Headers(s, w.Header(), r)
	}
	s.truncate = false
	s.mu.Unlock()
	w.Header().Set("Content-Type", s.API.ContentType)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// refuse answers an error with the platform's refusal, or the generic one.
func (s *Server) refuse(w http.ResponseWriter, status int, own, generic Refusal) {
	if own.Code == "" {
		own = generic
	}
	s.fail(w, status, own.Code, own.Message)
}

// rateHeaders states the allowance in the platform's spelling; exhausted
// says none is left until a second from now.
func (s *Server) rateHeaders(w http.ResponseWriter, exhausted bool) {
	if s.API.RateHeaders == nil {
		return
	}
	left := "1000"
	if exhausted {
		left = "0"
	}
	s.API.RateHeaders(w.Header(), left, s.Time().Add(time.Second))
}

// Time is the fake's time: its Now, or the wall clock without one.
func (s *Server) Time() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// fail answers an error in the platform's own error shape.
func (s *Server) fail(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", s.API.ContentType)
	w.WriteHeader(status)
	_, _ = w.Write(append(s.errorBody(status, code, msg), '\n'))
}

// errorBody is an error document in the platform's own shape.
func (s *Server) errorBody(status int, code, msg string) []byte {
	if s.API.ErrorBody != nil {
		return s.API.ErrorBody(status, code, msg)
	}
	return MustJSON(map[string]any{"errors": []map[string]any{{"title": http.StatusText(status), "detail": msg, "code": code}}})
}

func (s *Server) answer(r *http.Request) ([]byte, int) {
	return s.API.Answer(s, r)
}

// NotFound answers a path the fake does not serve.
func (s *Server) NotFound(r *http.Request) ([]byte, int) {
	return s.errorBody(http.StatusNotFound, "NOT_FOUND", "no route "+r.URL.Path), http.StatusNotFound
}

// MustJSON encodes a value the fake built itself.
func MustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("livefake: %v", err))
	}
	return b
}
