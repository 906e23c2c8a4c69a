package platform

import (
	"context"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
)

// StartCheck starts a platform's check of one source's records, before
// they are read. fetch reads a document under a live source's API base
// (path "" is the base itself, e.g. Keygen's account, whose meta holds
// its public keys); it is nil for sources read from files or from a
// snapshot. An error (a public key that cannot be read) stops the plan.
type StartCheck func(ctx context.Context, src config.Source, fetch Fetch) (RecordCheck, error)

// Fetch reads one document under a live source's API base, paced,
// authenticated and retried as its pages are.
type Fetch func(ctx context.Context, path string) ([]byte, error)

// RecordCheck looks at each mapped license of a source beside the record
// it came from, for what only its platform can judge (a signed key whose
// embedded expiry differs from the record), and words what it found once
// the source is read. The mapping calls it and names no platform.
type RecordCheck interface {
	// Check looks at one license; r is valid only during the call.
	Check(r *providers.Record, l *license.License)
	// Findings are plan warnings, grouped (counts and a few examples by
	// key reference, never a key), in a stable order.
	Findings() []string
}
