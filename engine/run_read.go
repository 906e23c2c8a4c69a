package engine

import (
	"context"
	"path/filepath"

	"github.com/licentric/licentric-sync/gitignore"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/mapping"
	"github.com/licentric/licentric-sync/providers"
)

// ListRequest is list: what the target holds of one kind (products,
// policies or licenses), licenses streamed in key order.
type ListRequest struct {
	What string
	Show bool
}

func (r *ListRequest) run(ctx context.Context, s *Session) error {
	_, t, err := s.readTarget()
	if err != nil {
		return err
	}
	defer t.Close()
	cur, err := t.Current(ctx)
	if err != nil {
		return err
	}
	s.warnSensitive(r.Show)
	return s.View.Render(Listed{What: r.What, Current: cur, Show: r.Show})
}

// VerifyRequest is verify: the target against the sources, then
// validate-key on a seeded sample per status. Mismatches end the run
// with ErrDiffers after the report.
type VerifyRequest struct {
	Sample int
	Seed   uint64
}

func (r *VerifyRequest) run(ctx context.Context, s *Session) error {
	eng, t, err := s.readTarget()
	if err != nil {
		return err
	}
	defer t.Close()
	rep, err := eng.Verify(ctx, t, VerifyOptions{Sample: r.Sample, Seed: r.Seed, Log: eng.Log})
	if err != nil {
		return err
	}
	if err := s.View.Render(Verified{Report: rep}); err != nil {
		return err
	}
	if !rep.OK {
		return ErrDiffers
	}
	return nil
}

// CheckKeyRequest is check-key: one validate-key call against the
// target. A key that does not validate ends the run with ErrDiffers.
type CheckKeyRequest struct {
	Key         string
	Fingerprint string
}

func (r *CheckKeyRequest) run(ctx context.Context, s *Session) error {
	_, t, err := s.readTarget()
	if err != nil {
		return err
	}
	defer t.Close()
	key := license.Key(r.Key)
	v, err := CheckKey(ctx, t, key, r.Fingerprint)
	if err != nil {
		return err
	}
	if err := s.View.Render(KeyChecked{Ref: key.Ref(), Answer: v, Target: t.Capabilities().Description}); err != nil {
		return err
	}
	if !v.Valid {
		return ErrDiffers
	}
	return nil
}

// MappingRequest is mapping: how each source (or only Source) is read
// and mapped, values that look like keys or emails replaced by
// references unless Show.
type MappingRequest struct {
	Source string
	Show   bool
}

func (r *MappingRequest) run(ctx context.Context, s *Session) error {
	eng, err := s.load()
	if err != nil {
		return err
	}
	sources, err := eng.Sources()
	if r.Source != "" && err == nil {
		var one providers.Source
		one, err = eng.Source(r.Source)
		sources = []providers.Source{one}
	}
	if err != nil {
		return err
	}
	var reviews Reviews
	for _, src := range sources {
		rv, err := mapping.ReviewSource(ctx, eng.Config, src, s.Now, mapping.ShowSensitive(r.Show))
		if err != nil {
			return err
		}
		if !r.Show {
			hideSensitiveValues(rv)
		}
		reviews = append(reviews, rv)
	}
	s.warnSensitive(r.Show)
	return s.View.Render(reviews)
}

// hideSensitiveValues replaces distinct values that look like keys or
// emails (a shifted column puts them under status or policy) with
// references, so the review can be pasted into a ticket.
func hideSensitiveValues(rv *mapping.Review) {
	for _, vals := range rv.Values {
		for i := range vals {
			if license.LooksSensitive(vals[i].Value) {
				vals[i].Value = license.Ref("value", vals[i].Value)
			}
		}
	}
}

// PullRequest is pull: a snapshot of each api: source (or only Sources)
// saved in Out, refusing to replace one unless Force.
type PullRequest struct {
	Sources []string
	Out     string
	Force   bool
}

func (r *PullRequest) run(ctx context.Context, s *Session) error {
	eng, err := s.load()
	if err != nil {
		return err
	}
	dir := r.Out
	if !filepath.IsAbs(dir) {
		dir, _ = filepath.Abs(dir)
	}
	pulled, err := eng.Pull(ctx, r.Sources, dir, r.Force)
	s.View.Done()
	for _, p := range pulled {
		if err := s.View.Render(p); err != nil {
			return err
		}
		gitignore.Warn(eng.Log, p.Dir, p.Dir, "a snapshot")
	}
	if err != nil {
		return err
	}
	return s.View.Render(PullDone{Out: r.Out})
}

// RefreshRequest is refresh: the whole Licentric account read and kept
// as the view plans use, unless it shrank by more than MaxShrinkPercent
// and Ack is not this read's digest (RefreshBlockedError).
type RefreshRequest struct{ Ack string }

func (r *RefreshRequest) run(ctx context.Context, s *Session) error {
	eng, t, err := s.viewTarget(true)
	if err != nil {
		return err
	}
	defer t.Close()
	kept, err := eng.Refresh(ctx, t, r.Ack)
	s.View.Done()
	if err != nil {
		return err
	}
	return s.View.Render(AccountKept{kept})
}
