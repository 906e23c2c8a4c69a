package live

import (
	"context"
	"fmt"
	"strings"
)

// Document fetches one document under the API base, authenticated,
// paced and retried as pages are; path "" is the base itself (Keygen's
// account, whose meta holds its public keys). It is the
// platform.Fetch a platform's record check may read.
func (p *Pager) Document(ctx context.Context, path string) ([]byte, error) {
	if p.opts.Snapshot != "" {
		return nil, fmt.Errorf("source %s is read from a snapshot; the API is not asked", p.src.Name)
	}
	if p.token == "" {
		if p.opts.Getenv == nil {
			return nil, fmt.Errorf("no environment to read $%s from", p.src.API.TokenEnv)
		}
		p.token = strings.TrimSpace(p.opts.Getenv(p.src.API.TokenEnv))
		if p.token == "" {
			return nil, fmt.Errorf("$%s is empty; export the %s API token in it", p.src.API.TokenEnv, p.src.Platform)
		}
	}
	body, _, err := p.Get(ctx, path, nil)
	return body, err
}
