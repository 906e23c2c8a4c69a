package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/sandbox"
)

// ServeCmd runs the sandbox: the Licentric API over a local store, to
// rehearse a migration and to test the HTTP target against.
type ServeCmd struct {
	DB        string `name:"db" placeholder:"PATH" default:".licentric/sandbox.db" help:"The sandbox's store file, created if missing (default: ${default})."`
	Listen    string `placeholder:"HOST:PORT" default:"127.0.0.1:8787" help:"Address to listen on (default: ${default}); loopback unless you say otherwise."`
	RateLimit int    `name:"rate-limit" placeholder:"N" default:"120" help:"Management requests per minute per key (default: ${default}; validate-key gets half, per IP); 0 turns limits off."`
	APIKey    string `name:"api-key" placeholder:"lk_test_…" env:"LICENTRIC_SANDBOX_API_KEY" help:"The one lk_test_ key to accept: lk_test_ and at least 16 random letters or digits (default: any lk_test_ key, on loopback only)."`
	Verbose   bool   `help:"Log every request (method, path, duration; never keys)."`
	Tier      string `enum:",free,starter,growth,enterprise" default:"" placeholder:"TIER" help:"Enforce a Licentric plan's caps (free, starter, growth, enterprise): active licenses and monthly requests, so a rehearsal fails where production would."`
}

// checkExposure refuses to serve beyond loopback without --api-key (any
// lk_test_ key would do, from anyone who can reach the port), and warns
// loudly when serving there with one: the store holds real keys and
// emails once a rehearsal imports them.
func (c *ServeCmd) checkExposure(e *env) error {
	host, _, err := net.SplitHostPort(c.Listen)
	if err != nil {
		return fmt.Errorf("--listen %q: %w; use HOST:PORT such as 127.0.0.1:8787", c.Listen, err)
	}
	if ip := net.ParseIP(host); host == "localhost" || (ip != nil && ip.IsLoopback()) {
		return nil
	}
	if c.APIKey == "" {
		return fmt.Errorf("--listen %s is reachable from other machines: pass --api-key lk_test_… (or set LICENTRIC_SANDBOX_API_KEY) so only that key is accepted, or listen on 127.0.0.1", c.Listen)
	}
	fmt.Fprintf(e.stderr, "WARNING: the sandbox listens on %s, beyond this machine, over plain HTTP. Anyone who can reach it and knows the key can read every license key and email it holds. Use it only on a network you trust.\n", c.Listen)
	return nil
}

// Run serves until interrupted.
func (c *ServeCmd) Run(e *env) error {
	if c.APIKey != "" {
		if err := sandbox.CheckAPIKey(c.APIKey); err != nil {
			return fmt.Errorf("--api-key (or $LICENTRIC_SANDBOX_API_KEY) %w", err)
		}
	}
	if err := c.checkExposure(e); err != nil {
		return err
	}
	store, err := local.Open(c.DB, filepath.Base(c.DB))
	if err != nil {
		return err
	}
	defer store.Close()
	caps := config.Tiers[c.Tier]
	store.ActiveCap = caps.ActiveLicenses
	opts := sandbox.Options{APIKey: c.APIKey, RateLimit: c.RateLimit, MonthlyRequests: caps.MonthlyRequests}
	if c.Verbose {
		opts.Log = e.stderr
	}
	ln, err := net.Listen("tcp", c.Listen)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv := sandbox.New(store, opts).HTTPServer()
	fmt.Fprintf(e.stdout, "Sandbox serving the Licentric API at http://%s/api/v1 (store %s, rate limit %d/min).\n", ln.Addr(), c.DB, c.RateLimit)
	fmt.Fprintf(e.stdout, "Point a config at it with target: { licentric: { url: http://%s/api/v1 } } and LICENTRIC_API_KEY=lk_test_…\n", ln.Addr())
	go func() {
		<-e.ctx.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
