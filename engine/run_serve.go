package engine

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
	"github.com/licentric/licentric-sync/providers/registry"
	"github.com/licentric/licentric-sync/sandbox"
	"github.com/licentric/licentric-sync/schemas"
)

// ServeRequest is serve: the sandbox, the Licentric API over a local
// store, until the context ends.
type ServeRequest struct {
	DB, Listen string
	RateLimit  int
	// APIKey is the one lk_test_ key accepted; "" accepts any, on loopback only.
	APIKey string
	// Verbose logs every request (never keys) as warnings.
	Verbose bool
	// Tier enforces a Licentric plan's caps ("" none).
	Tier string
}

func (r *ServeRequest) run(ctx context.Context, s *Session) error {
	if r.APIKey != "" {
		if err := sandbox.CheckAPIKey(r.APIKey); err != nil {
			return fmt.Errorf("--api-key (or $LICENTRIC_SANDBOX_API_KEY) %w", err)
		}
	}
	if err := r.checkExposure(s.View); err != nil {
		return err
	}
	store, err := local.Open(r.DB, filepath.Base(r.DB))
	if err != nil {
		return err
	}
	defer store.Close()
	caps := config.Tiers[r.Tier]
	store.ActiveCap = caps.ActiveLicenses
	opts := sandbox.Options{APIKey: r.APIKey, RateLimit: r.RateLimit, MonthlyRequests: caps.MonthlyRequests}
	if r.Verbose {
		opts.Log = newWarnWriter(s.View)
	}
	ln, err := net.Listen("tcp", r.Listen)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv := sandbox.New(store, opts).HTTPServer()
	if err := s.View.Render(Serving{Addr: ln.Addr().String(), DB: r.DB, RateLimit: r.RateLimit}); err != nil {
		ln.Close()
		return err
	}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// checkExposure refuses to serve beyond loopback without an API key (any
// lk_test_ key would do, from anyone who can reach the port), and warns
// loudly when serving there with one: the store holds real keys and
// emails once a rehearsal imports them.
func (r *ServeRequest) checkExposure(v View) error {
	host, _, err := net.SplitHostPort(r.Listen)
	if err != nil {
		return fmt.Errorf("--listen %q: %w; use HOST:PORT such as 127.0.0.1:8787", r.Listen, err)
	}
	if ip := net.ParseIP(host); host == "localhost" || (ip != nil && ip.IsLoopback()) {
		return nil
	}
	if r.APIKey == "" {
		return fmt.Errorf("--listen %s is reachable from other machines: pass --api-key lk_test_… (or set LICENTRIC_SANDBOX_API_KEY) so only that key is accepted, or listen on 127.0.0.1", r.Listen)
	}
	v.Warn(fmt.Sprintf("WARNING: the sandbox listens on %s, beyond this machine, over plain HTTP. Anyone who can reach it and knows the key can read every license key and email it holds. Use it only on a network you trust.", r.Listen))
	return nil
}

// SchemaRequest is schema: one embedded JSON Schema (config, plan,
// verify or compare) printed as it is.
type SchemaRequest struct{ Which string }

func (r *SchemaRequest) run(_ context.Context, s *Session) error {
	doc, ok := map[string][]byte{"config": schemas.ConfigJSON, "plan": schemas.PlanJSON, "verify": schemas.VerifyJSON, "compare": schemas.CompareJSON}[r.Which]
	if !ok {
		return fmt.Errorf("schema %q: there are config, plan, verify and compare", r.Which)
	}
	return s.View.Render(Schema(doc))
}

// Platforms are the names of the platforms this build reads, for flags
// that take one (their enum and completion).
func Platforms() []string { return registry.Default().Names() }

// SourceNames are the source names of the config at path, for shell
// completion of --source; none when it does not load.
func SourceNames(path string) []string {
	cfg, err := registry.Default().Config().Load(path)
	if err != nil {
		return nil
	}
	names := make([]string, 0, len(cfg.Sources))
	for _, s := range cfg.Sources {
		names = append(names, s.Name)
	}
	return names
}
