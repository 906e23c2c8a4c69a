package devices

import (
	"context"
	"errors"

	"github.com/licentric/licentric-sync/license"
)

// Carried counts what a carry did: machines it activated, and machines
// it found active already (an earlier run's, or a duplicate fingerprint
// of the same license in the source).
type Carried struct {
	Activated, Already int
	// AtLimit are devices refused because their license was at its
	// machine limit on the target.
	AtLimit int
}

// Carry activates held devices on a, license by license: it first lists
// the license's active machines and skips their fingerprints, so a run
// killed at any point and run again neither activates a machine twice
// nor leaves one out. progress hears each device done, of total.
// Pacing is the activator's (Licentric's activation rate).
func Carry(ctx context.Context, a Activator, held []Held, progress func(done, total int)) (Carried, error) {
	var out Carried
	order, byKey := []license.Key{}, map[license.Key][]Device{}
	for _, h := range held {
		if _, ok := byKey[h.Key]; !ok {
			order = append(order, h.Key)
		}
		byKey[h.Key] = append(byKey[h.Key], h.Device)
	}
	done := 0
	for _, key := range order {
		present, err := a.Machines(ctx, key)
		if err != nil {
			return out, err
		}
		for _, d := range byKey[key] {
			if present[d.Fingerprint] {
				out.Already++
			} else {
				created, err := a.Activate(ctx, key, d)
				switch {
				case errors.Is(err, ErrMachineLimit):
					out.AtLimit++
				case err != nil:
					return out, err
				case created:
					out.Activated++
				default:
					out.Already++
				}
				present[d.Fingerprint] = true
			}
			done++
			if progress != nil {
				progress(done, len(held))
			}
		}
	}
	return out, nil
}
