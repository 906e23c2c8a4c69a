package engine

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/licentric/licentric-sync/compare"
)

// CompareRequest is compare: each license (a seeded Sample of them, or
// the keys of a validation Log the app wrote) asked of the old platform
// and of Licentric, and where their answers differ. A disagreement or an
// unknown answer ends the run with ErrDiffers, a stop with ErrStopped,
// each after the report.
type CompareRequest struct {
	Sample int
	Seed   uint64
	// Log is a validation log file (JSON Lines of key and fingerprint).
	Log string
}

// ErrStopped ends a run that was interrupted after writing its partial
// report; the CLI exits 130 without a message.
var ErrStopped = errors.New("the run was stopped; its report is partial")

func (r *CompareRequest) run(ctx context.Context, s *Session) error {
	o := CompareOptions{Sample: r.Sample, Seed: r.Seed}
	if err := r.readLog(&o); err != nil {
		return err
	}
	eng, t, err := s.readTarget()
	if err != nil {
		return err
	}
	defer t.Close()
	o.Notice = eng.Log
	rep, err := eng.Compare(ctx, t, o)
	if err != nil {
		return err
	}
	if err := s.View.Render(Compared{Report: rep}); err != nil {
		return err
	}
	switch {
	case rep.Disagrees():
		return ErrDiffers
	case rep.Partial:
		return ErrStopped
	}
	return nil
}

// readLog reads the validation log, if any; a log and a sample do not mix.
func (r *CompareRequest) readLog(o *CompareOptions) error {
	if r.Log == "" {
		return nil
	}
	if r.Sample > 0 {
		return errors.New("compare takes --log FILE or --sample N, not both")
	}
	f, err := os.Open(r.Log)
	if err != nil {
		return fmt.Errorf("validation log: %w", err)
	}
	defer f.Close()
	o.Log, err = compare.ReadLog(f, r.Log)
	o.LogName = r.Log
	return err
}
