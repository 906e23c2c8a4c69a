// Package sandbox serves the Licentric API, as docs/licentric-api.md
// records it, over the local store: products, policies, licenses with
// cursor pagination, the key-preserving import, status actions,
// validate-key, the documented error shapes and rate-limit headers. It
// exists so the HTTP target is tested against real HTTP and a real
// database, and so users can rehearse a migration before production.
package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/licentric/licentric-sync/providers/local"
)

// Options configure a sandbox server.
type Options struct {
	// APIKey, when set, is the only accepted key; otherwise any lk_test_ key.
	APIKey string
	// RateLimit is management requests per minute per API key (0: none);
	// validate-key gets half of it per client IP, as Licentric's 120/60.
	RateLimit int
	// Window is the time in which RateLimit requests are allowed (one
	// minute unless a test shortens it to exercise pacing quickly).
	Window time.Duration
	// Now is the clock: rate limits, the monthly quota and validate-key's
	// EXPIRED are on it (tests pin it, so an answer holds whatever the
	// date); nil: time.Now.
	Now func() time.Time
	// Log receives one line per request when set.
	Log io.Writer
	// ReadTimeout bounds how long a client may take to send a request,
	// body included (a minute unless a test shortens it).
	ReadTimeout time.Duration
	// MonthlyRequests, when positive, is the plan's monthly request quota:
	// past it every request is refused until the month (UTC) turns.
	MonthlyRequests int
	// DropAnswer, when it returns true for a request, lets the request
	// take effect and then closes the connection without an answer: the
	// lost answer a client must survive without doing the work twice.
	DropAnswer func(r *http.Request) bool
	// AccountID is the account's id, which products carry as accountId
	// (how a client tells which account a key reaches); "" derives a
	// stable one from the store's file, so one store is one account and
	// two stores are two.
	AccountID string
}

// Server is the HTTP API over one store.
type Server struct {
	store   *local.Store
	opts    Options
	limiter *limiters
	quota   quota
}

// New returns a server over store.
func New(store *local.Store, opts Options) *Server {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Window < time.Second {
		opts.Window = time.Minute
	}
	if opts.ReadTimeout <= 0 {
		opts.ReadTimeout = time.Minute
	}
	if opts.AccountID == "" {
		abs, _ := filepath.Abs(store.Path())
		opts.AccountID = uuid.NewSHA1(uuid.NameSpaceURL, []byte("file://"+abs)).String()
	}
	return &Server{store: store, opts: opts, limiter: newLimiters()}
}

// HTTPServer is the server `serve` runs: a slow or stalled client cannot
// hold a connection (headers within 10 s, the whole request within
// ReadTimeout; an import is at most 16 MiB).
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{Handler: s.Handler(), ReadHeaderTimeout: min(10*time.Second, s.opts.ReadTimeout),
		ReadTimeout: s.opts.ReadTimeout, WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute}
}

// Handler routes the API under /api/v1. Authentication and the rate
// limit tier are decided per route, never by path alone: the one route
// without an API key is POST /licenses/validate-key (other methods on
// that path reach the {id} routes, which need one).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	routes := map[string]http.HandlerFunc{
		"GET /api/v1/products":                   s.listProducts,
		"POST /api/v1/products":                  s.createProduct,
		"PATCH /api/v1/products/{id}":            s.updateProduct,
		"GET /api/v1/policies":                   s.listPolicies,
		"POST /api/v1/policies":                  s.createPolicy,
		"PATCH /api/v1/policies/{id}":            s.updatePolicy,
		"DELETE /api/v1/policies/{id}":           s.deletePolicy,
		"GET /api/v1/licenses":                   s.listLicenses,
		"GET /api/v1/licenses/{id}":              s.getLicense,
		"PATCH /api/v1/licenses/{id}":            s.updateLicense,
		"DELETE /api/v1/licenses/{id}":           s.deleteLicense,
		"POST /api/v1/licenses/{id}/{action}":    s.licenseAction,
		"POST /api/v1/migrations/import":         s.importLicenses,
		"GET /api/v1/entitlements":               s.listEntitlements,
		"POST /api/v1/entitlements":              s.createEntitlement,
		"PUT /api/v1/policies/{id}/entitlements": s.setPolicyEntitlements,
		"PUT /api/v1/licenses/{id}/entitlements": s.setLicenseEntitlements,
	}
	for pattern, h := range routes {
		mux.Handle(pattern, s.guard(h, false))
	}
	mux.Handle("POST /api/v1/licenses/validate-key", s.guard(s.validateKey, true))
	mux.Handle("GET /api/v1/machines", s.guard(s.listMachines, false))
	mux.Handle("POST /api/v1/machines", http.HandlerFunc(s.activateMachine))
	return s.middleware(mux)
}

// guard rate-limits, counts against the quota and, unless public (the
// validate-key route, limited per client IP), authenticates.
func (s *Server) guard(next http.HandlerFunc, public bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.rateLimit(w, r, public) || !s.withinQuota(w, public) {
			return
		}
		if !public {
			if _, ok := s.authenticate(w, r); !ok {
				return
			}
		}
		next(w, r)
	})
}

// apiError is the documented error body (the apex shape, with status).
type apiError struct {
	Error  string `json:"error"`
	Code   string `json:"code"`
	Status int    `json:"status"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, status int, code, format string, args ...any) {
	writeJSON(w, status, apiError{Error: fmt.Sprintf(format, args...), Code: code, Status: status})
}

func data(w http.ResponseWriter, status int, v any) {
	writeJSON(w, status, map[string]any{"data": v})
}

// middleware logs every request, and drops the answers Options.DropAnswer
// names; each route's guard authenticates and rate-limits.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.opts.Now()
		if s.opts.DropAnswer != nil && s.opts.DropAnswer(r) {
			next.ServeHTTP(&discarded{h: http.Header{}}, r)
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				conn.Close()
			}
			return
		}
		next.ServeHTTP(w, r)
		if s.opts.Log != nil {
			fmt.Fprintf(s.opts.Log, "%s %s %s\n", r.Method, r.URL.Path, s.opts.Now().Sub(start).Round(time.Microsecond))
		}
	})
}

// authenticate accepts only lk_test_ keys (the one configured, if any).
// A live key is refused with an explanation: it must never reach a sandbox.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (string, bool) {
	auth := r.Header.Get("Authorization")
	key, found := strings.CutPrefix(auth, "Bearer ")
	switch {
	case !found || key == "":
		fail(w, http.StatusUnauthorized, "UNAUTHORIZED", "missing API key: send Authorization: Bearer lk_test_…")
	case strings.HasPrefix(key, "lk_live_"):
		fail(w, http.StatusUnauthorized, "UNAUTHORIZED", "this is a sandbox: it accepts only lk_test_ keys, never live ones; rotate the live key if it was exposed")
	case !strings.HasPrefix(key, "lk_test_"):
		fail(w, http.StatusUnauthorized, "UNAUTHORIZED", "Invalid or expired API key")
	case s.opts.APIKey != "" && key != s.opts.APIKey:
		fail(w, http.StatusUnauthorized, "UNAUTHORIZED", "Invalid or expired API key")
	default:
		return key, true
	}
	return "", false
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// discarded is a response nobody will read (Options.DropAnswer).
type discarded struct{ h http.Header }

func (d *discarded) Header() http.Header         { return d.h }
func (d *discarded) Write(b []byte) (int, error) { return len(b), nil }
func (d *discarded) WriteHeader(int)             {}

// MinKeySecret is how many characters a sandbox API key needs after its
// lk_test_ prefix: the bare prefix, or a word anyone would guess, is no
// key at all once the port is reachable.
const MinKeySecret = 16

// CheckAPIKey is what `serve --api-key` accepts: lk_test_ followed by at
// least MinKeySecret letters, digits, '_' or '-' (a key Licentric issued,
// or one made with e.g. `openssl rand -hex 16`). Live keys never.
func CheckAPIKey(key string) error {
	secret, ok := strings.CutPrefix(key, "lk_test_")
	switch {
	case strings.HasPrefix(key, "lk_live_"), !ok:
		return errors.New("must be an lk_test_ key: the sandbox never accepts live keys")
	case len(secret) < MinKeySecret:
		return fmt.Errorf("is too short to be a key: lk_test_ must be followed by at least %d random characters (e.g. lk_test_$(openssl rand -hex 16))", MinKeySecret)
	case strings.ContainsFunc(secret, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
	}):
		return errors.New("may hold only letters, digits, '_' and '-' after lk_test_")
	}
	return nil
}
