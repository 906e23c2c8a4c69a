package engine

import (
	"context"

	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/registry"
)

// recordChecks starts each source's platform record check
// (platform.Checks.Records), naming no platform: a live source read
// from its API lends the check its pager, so the check may read the
// account (Keygen's public keys); sources read from files or a snapshot
// lend nothing. Call after Sources.
func (e *Engine) recordChecks(ctx context.Context) (map[string]platform.RecordCheck, error) {
	out := map[string]platform.RecordCheck{}
	for _, cs := range e.Config.Sources {
		p, ok := registry.Default().Lookup(cs.Platform)
		if !ok || p.Checks.Records == nil {
			continue
		}
		var fetch platform.Fetch
		if ls, ok := e.live[cs.Name]; ok && e.Snapshot == "" {
			fetch = ls.pager.Document
		}
		c, err := p.Checks.Records(ctx, cs, fetch)
		if err != nil {
			return nil, err
		}
		out[cs.Name] = c
	}
	return out, nil
}
