package local

import (
	"context"
	"fmt"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
)

// Absent is a local store whose file does not exist yet: it holds nothing.
// Read-only commands (plan, list, verify) use it so they never create the
// database as a side effect.
type Absent struct {
	Display string
}

var _ providers.Target = Absent{}

// Current of an absent store is empty.
func (a Absent) Current(context.Context) (plan.Current, error) {
	return plan.FromSnapshot(&license.Snapshot{}), nil
}

// Apply refuses: writing needs the store opened for writing.
func (a Absent) Apply(context.Context, []plan.Change, providers.Progress) error {
	return fmt.Errorf("local store %s does not exist yet; apply creates it", a.Display)
}

// Validate finds no key in an absent store.
func (a Absent) Validate(context.Context, license.Key, string) (providers.Validation, error) {
	return providers.Validation{Code: CodeNotFound}, nil
}

// Capabilities are those of a local store.
func (a Absent) Capabilities() providers.Capabilities {
	return capabilities(a.Display)
}

// Close does nothing.
func (a Absent) Close() error { return nil }
