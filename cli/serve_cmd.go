package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/sandbox"
)

// ServeCmd runs the sandbox: the Licentric API over a local store, to
// rehearse a migration and to test the HTTP target against.
type ServeCmd struct {
	DB        string `name:"db" placeholder:"PATH" default:".licentric/sandbox.db" help:"The sandbox's store file, created if missing (default: ${default})."`
	Listen    string `placeholder:"HOST:PORT" default:"127.0.0.1:8787" help:"Address to listen on (default: ${default}); loopback unless you say otherwise."`
	RateLimit int    `name:"rate-limit" placeholder:"N" default:"120" help:"Management requests per minute per key (default: ${default}; validate-key gets half, per IP); 0 turns limits off."`
	APIKey    string `name:"api-key" placeholder:"lk_test_…" env:"LICENTRIC_SANDBOX_API_KEY" help:"The one lk_test_ key to accept (default: any lk_test_ key)."`
	Verbose   bool   `help:"Log every request (method, path, duration; never keys)."`
}

// Run serves until interrupted.
func (c *ServeCmd) Run(e *env) error {
	if c.APIKey != "" && !strings.HasPrefix(c.APIKey, "lk_test_") {
		return errors.New("--api-key must be an lk_test_ key: the sandbox never accepts live keys")
	}
	store, err := local.Open(c.DB, filepath.Base(c.DB))
	if err != nil {
		return err
	}
	defer store.Close()
	opts := sandbox.Options{APIKey: c.APIKey, RateLimit: c.RateLimit}
	if c.Verbose {
		opts.Log = e.stderr
	}
	ln, err := net.Listen("tcp", c.Listen)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv := &http.Server{Handler: sandbox.New(store, opts).Handler(), ReadHeaderTimeout: 10 * time.Second}
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
