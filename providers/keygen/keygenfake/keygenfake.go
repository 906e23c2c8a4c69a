// Package keygenfake is Keygen's list API as the live fake serves it
// (see providers/live/livefake): its routes and paging, its error
// documents and rate-limit headers, and generated accounts, each as
// keygen-sh/keygen-api implements it. Keygen's descriptor names it
// (Live.Fake); tests and the benchmark reach it from there.
package keygenfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/licentric/licentric-sync/providers/live/livefake"
)

// name and base are the platform's config name and the path the fake
// serves under.
const (
	name = "keygen"
	base = "/v1/accounts/acme"
)

// API is the fake of Keygen's API.
var API = &livefake.API{
	Name:        name,
	Base:        base,
	ContentType: "application/vnd.api+json",
	// ApplicationController#render_unauthorized
	Unauthorized: livefake.Refusal{Code: "TOKEN_INVALID", Message: "You must be authenticated to complete the request"},
	// config/initializers/rack_attack.rb, throttled_responder
	Throttled:     livefake.Refusal{Code: "TOO_MANY_REQUESTS", Message: "Throttle limit has been reached for your IP address. Please slow down."},
	ThrottledRate: true,
	Answer:        answer,
	RateHeaders:   rateHeaders,
	ErrorBody:     errorBody,
	Generate:      generate,
}

// lists are the list endpoints served under the base.
var lists = []string{"licenses", "users", "policies", "products", "machines"}

func answer(s *livefake.Server, r *http.Request) ([]byte, int) {
	if id, ok := validatePath(r.URL.Path); ok {
		return quickValidate(s, r, id)
	}
	typ, ok := strings.CutPrefix(r.URL.Path, base+"/")
	if policy, isPolicy := policyOfList(typ); ok && isPolicy {
		if _, found := s.Included["policies/"+policy]; !found {
			return s.NotFound(r) // set_policy: policies.find
		}
		return keygenList(s, r, typ)
	}
	if !ok || !slices.Contains(lists, typ) {
		return s.NotFound(r)
	}
	return keygenList(s, r, typ)
}

// rateHeaders: app/controllers/concerns/default_headers.rb.
func rateHeaders(h http.Header, left string, reset time.Time) {
	h.Set("X-RateLimit-Window", "1m")
	h.Set("X-RateLimit-Count", "0")
	h.Set("X-RateLimit-Limit", "1000")
	h.Set("X-RateLimit-Remaining", left)
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix()+1, 10))
}

// keygenRequestID stands for the request id Keygen puts in an error's meta.
const keygenRequestID = "9f0c4c0e-58f6-4d53-9a1e-000000000000"

// errorBody is {meta: {id}, errors: [{title, detail, code}]};
// rack-attack's 429 has no meta.
func errorBody(status int, code, msg string) []byte {
	if status == http.StatusTooManyRequests {
		return livefake.MustJSON(map[string]any{"errors": []map[string]any{{"title": "Too many requests", "detail": msg, "code": code}}})
	}
	return livefake.MustJSON(map[string]any{"meta": map[string]string{"id": keygenRequestID},
		"errors": []map[string]any{{"title": http.StatusText(status), "detail": msg, "code": code}}})
}

// ID is the id of the fake's n-th generated resource of typ: a UUID, as
// Keygen's ids are (its cursors must be), in the order of n.
func ID(typ string, n int) string {
	kind := map[string]int{"licenses": 1, "users": 2, "policies": 3, "products": 4, "machines": 5, "entitlements": 6, "policy-entitlements": 7}[typ]
	return fmt.Sprintf("%08x-0000-4000-8000-%012x", kind, n)
}

// generate makes three products and policies, and n licenses each with
// its own owner.
func generate(s *livefake.Server, n int) {
	add := func(v any) json.RawMessage { return livefake.MustJSON(v) }
	for p := 0; p < 3; p++ {
		s.Included["products/"+ID("products", p)] = add(livefake.Resource("products", ID("products", p), map[string]any{"name": fmt.Sprintf("Product %d", p)}))
		s.Included["policies/"+ID("policies", p)] = add(livefake.Resource("policies", ID("policies", p), map[string]any{"name": fmt.Sprintf("Policy %d", p)}))
	}
	for i := 0; i < n; i++ {
		s.Licenses = append(s.Licenses, add(license(i)))
		id := livefake.SourceID(i)
		s.Included["users/"+ID("users", i)] = add(livefake.Resource("users", ID("users", i), map[string]any{"email": "user" + id + "@example.com",
			"fullName": "User " + id, "status": "ACTIVE", "role": "user", "created": "2024-01-01T00:00:00.000Z"}))
	}
}

// license is generated license i.
func license(i int) livefake.APIResource {
	return livefake.APIResource{Type: "licenses", ID: ID("licenses", i),
		Attributes: map[string]any{"key": livefake.Key(name, i), "name": nil, "expiry": livefake.Expiry(i), "status": "ACTIVE", "suspended": i%50 == 0,
			"maxMachines": 1 + i%5, "metadata": map[string]any{"n": i}, "created": "2024-01-02T03:04:05.000Z"},
		Relationships: map[string]any{"policy": livefake.Rel("policies", ID("policies", i%3)),
			"product": livefake.Rel("products", ID("products", i%3)), "owner": livefake.Rel("users", ID("users", i))}}
}
