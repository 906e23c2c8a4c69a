package main

import (
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// counter counts every request the sandbox answers, by route (ids folded
// into {id}), so a step's total can be broken down into what it was spent
// on: the writes, their re-checks, and anything else.
type counter struct {
	mu     sync.Mutex
	total  int
	routes map[string]int
}

// idSegment is a path segment that names one object: a UUID or a number.
var idSegment = regexp.MustCompile(`^([0-9a-f]{8}-[0-9a-f-]{27}|[0-9]+)$`)

// wrap counts each request before h answers it.
func (c *counter) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/api/v1"), "/")
		for i, p := range parts {
			if idSegment.MatchString(p) {
				parts[i] = "{id}"
			}
		}
		route := r.Method + " " + strings.Join(parts, "/")
		c.mu.Lock()
		defer c.mu.Unlock()
		c.total++
		if c.routes == nil {
			c.routes = map[string]int{}
		}
		c.routes[route]++
		h.ServeHTTP(w, r)
	})
}

// take returns the count since the last take and its breakdown
// ("20 GET /licenses/{id}, 20 PATCH /licenses/{id}"), and starts again.
func (c *counter) take() (int, string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	routes := make([]string, 0, len(c.routes))
	for r := range c.routes {
		routes = append(routes, r)
	}
	sort.Slice(routes, func(i, j int) bool {
		if c.routes[routes[i]] != c.routes[routes[j]] {
			return c.routes[routes[i]] > c.routes[routes[j]]
		}
		return routes[i] < routes[j]
	})
	parts := make([]string, len(routes))
	for i, r := range routes {
		parts[i] = fmt.Sprintf("%d %s", c.routes[r], r)
	}
	n := c.total
	c.total, c.routes = 0, nil
	return n, strings.Join(parts, ", ")
}
