package events

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
)

// Source is a source's files with its saved events on top: the export's
// records stream through, each replaced by its license's newest event
// when that event is newer, and the licenses only events know follow.
// Exact or refused: an event that cannot be read, ordered or told apart
// from another is a row error at its file, so the plan fails naming it.
type Source struct {
	spec Spec
	cfg  config.Source
	base providers.Source
	// reader is the platform's own reader over one event file, so an
	// event's license reads exactly as a license of the export does.
	reader func(path string) providers.Source
	// display names a file as the reader names it.
	display func(string) string
	report  providers.ReadReport
}

var _ providers.Source = (*Source)(nil)

// New puts the events of cfg.Events on top of base. reader builds the
// platform's reader over one file (tabular.NewFileSource); display names a file as
// that reader does.
func New(spec Spec, cfg config.Source, base providers.Source, reader func(path string) providers.Source, display func(string) string) *Source {
	return &Source{spec: spec, cfg: cfg, base: base, reader: reader, display: display}
}

// Name is the config source name.
func (s *Source) Name() string { return s.base.Name() }

// Platform is the source's platform.
func (s *Source) Platform() string { return s.base.Platform() }

// Report is the export's report with the event files added.
func (s *Source) Report() *providers.ReadReport { return &s.report }

// Unwrap is the source the events apply to: the engine gives a live one
// its pager and reads its data digest.
func (s *Source) Unwrap() providers.Source { return s.base }

// SizeHint is the export's: events add few licenses.
func (s *Source) SizeHint() int {
	if h, ok := s.base.(providers.SizeHinter); ok {
		return h.SizeHint()
	}
	return 0
}

// state is the newest event read of one license.
type state struct {
	rec  providers.Record
	ev   Event
	done bool // the export held the license; decided there
	// tie is where another event gave it another state at the same
	// updated_at; "" when none did. It matters only if no newer state
	// (an event or the export) decides.
	tie string
}

// tied is the error of a license whose newest events disagree.
func (st *state) tied() error {
	return &providers.RowError{File: st.rec.File, Line: st.rec.Line, Err: fmt.Errorf(
		"gives license %s another state than %s at the same updated_at (%s), and nothing newer decides between them: remove the wrong one",
		st.ev.ID, st.tie, st.ev.UpdatedAt.Format(time.RFC3339Nano))}
}

// Records streams the export with the events applied, then the licenses
// only the events hold, by id.
func (s *Source) Records(ctx context.Context) iter.Seq2[*providers.Record, error] {
	return func(yield func(*providers.Record, error) bool) {
		s.report = providers.ReadReport{}
		held, files, ok := s.readEvents(ctx, yield)
		if !ok {
			return
		}
		m := &merger{held: held, missing: s.spec.Missing, products: map[string]string{}}
		for rec, err := range s.base.Records(ctx) {
			if err == nil {
				rec, err = m.take(rec)
			}
			if !yield(rec, err) {
				return
			}
		}
		s.report = *s.base.Report()
		s.report.Files = append(append([]string(nil), s.report.Files...), files...)
		s.report.Warnings = append([]string(nil), s.report.Warnings...)
		m.added(yield, &s.report)
	}
}

// readEvents reads every saved event: its envelope, then its license
// through the platform's reader, keeping each license's newest state.
// It reports whether the read may go on.
func (s *Source) readEvents(ctx context.Context, yield func(*providers.Record, error) bool) (map[string]*state, []string, bool) {
	paths, err := Files(s.cfg.Events)
	if err != nil {
		yield(nil, fmt.Errorf("source %s: %w", s.cfg.Name, err))
		return nil, nil, false // not a row error: the read ends here
	}
	held, files, store := map[string]*state{}, make([]string, 0, len(paths)), &storeOf{}
	for _, p := range paths {
		d := s.display(p)
		files = append(files, d)
		ev, line, err := s.spec.ReadEvent(p, d)
		if err == nil {
			err = s.readOne(ctx, p, ev, held, store)
		} else {
			err = &providers.RowError{File: d, Line: line, Err: err}
		}
		var rowErr *providers.RowError
		if err != nil && (!yield(nil, err) || !errors.As(err, &rowErr)) {
			return nil, nil, false
		}
	}
	return held, files, true
}

// storeOf is the store of the events read so far; seen once one was read,
// so an event of no store ("") is compared like any other.
type storeOf struct {
	id   string
	seen bool
}

// readOne reads one event's license through the platform's reader and
// keeps it if it is the newest of its license: one license a file, of
// the store of the events before it; a tie of updated_at with another
// state is noted for the merge to refuse unless something newer decides.
func (s *Source) readOne(ctx context.Context, path string, ev Event, held map[string]*state, store *storeOf) error {
	var got *providers.Record
	for rec, err := range s.reader(path).Records(ctx) {
		switch {
		case err != nil:
			return err
		case got != nil:
			return &providers.RowError{File: rec.File, Line: rec.Line, Err: errors.New("a saved event carries one license; this file holds more (several events pasted into one?): save each webhook body in its own file")}
		}
		c := *rec
		got = &c
	}
	bad := func(format string, args ...any) error {
		return &providers.RowError{File: s.display(path), Line: max(got.Line, 1), Err: fmt.Errorf(format, args...)}
	}
	switch {
	case got == nil:
		return &providers.RowError{File: s.display(path), Line: 1, Err: errors.New("holds no license; save the webhook body as it came")}
	case store.seen && ev.Store != store.id:
		return bad("the event is of store %s, the events before it of store %s; one source's events come from one store: save each store's events in their own folder", ev.Store, store.id)
	}
	store.id, store.seen = ev.Store, true
	cur := held[ev.ID]
	switch {
	case cur == nil || ev.UpdatedAt.After(cur.ev.UpdatedAt):
		held[ev.ID] = &state{rec: *got, ev: ev}
	case ev.UpdatedAt.Equal(cur.ev.UpdatedAt) && !sameState(&cur.rec, got) && cur.tie == "":
		cur.tie = license.Position(got.File, got.Line)
	}
	return nil
}

// sameState reports whether two records of a license say the same of
// every field both hold (a webhook resent is the same state twice).
func sameState(a, b *providers.Record) bool {
	for f := providers.Field(0); f < providers.NumFields; f++ {
		if a.Has(f) && b.Has(f) && a.Value(f) != b.Value(f) {
			return false
		}
	}
	return true
}
