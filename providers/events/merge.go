package events

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
)

// merger decides, record by record of the export, whether the license's
// newest event replaces it.
type merger struct {
	held    map[string]*state
	missing []providers.Field
	// products names a product id as the export does, for the licenses
	// only events hold (an event carries the id, the export its name).
	products map[string]string
}

// take is the export's record rec or, when the newest event of its
// license is newer, that event's record with what the event does not
// carry taken from rec. An event for a license the export states no
// time for cannot be ordered: a row error.
func (m *merger) take(rec *providers.Record) (*providers.Record, error) {
	if id := rec.Value(providers.FProductID); id != "" && (m.products[id] == "" || rec.Value(providers.FProduct) != "") {
		m.products[id] = rec.Value(providers.FProduct)
	}
	st := m.held[rec.Value(providers.FID)]
	if st == nil || st.done {
		return rec, nil
	}
	st.done = true
	bad := func(file string, line int, format string, args ...any) error {
		return &providers.RowError{File: file, Line: line, Err: fmt.Errorf(format, args...)}
	}
	at, err := time.Parse(time.RFC3339Nano, rec.Value(providers.FUpdatedAt))
	switch {
	case err != nil:
		return nil, bad(rec.File, rec.Line, "%s is %s, so the saved event %s cannot be ordered against this license: read an export that carries updated_at (a JSON:API dump or a pull snapshot) or remove the event",
			rec.Column(providers.FUpdatedAt), describe(rec, providers.FUpdatedAt), st.rec.File)
	case st.rec.Has(providers.FKey) && st.rec.Value(providers.FKey) != rec.Value(providers.FKey):
		return nil, bad(st.rec.File, st.rec.Line, "gives license %s another key than %s; a key never changes, so the event is of another store or account: remove it",
			st.ev.ID, license.Position(rec.File, rec.Line))
	case st.tie != "" && !at.After(st.ev.UpdatedAt):
		return nil, st.tied()
	case st.ev.UpdatedAt.After(at):
		m.fill(&st.rec, rec)
		return &st.rec, nil
	case st.ev.UpdatedAt.Equal(at) && !sameState(&st.rec, rec):
		return nil, bad(st.rec.File, st.rec.Line, "gives license %s another state than the export at %s at the same updated_at (%s), so neither is known to be the newer: pull again",
			st.ev.ID, license.Position(rec.File, rec.Line), at.Format(time.RFC3339Nano))
	}
	return rec, nil // the export is as new as the event, or newer
}

// describe says what a field holds, for an error: missing, empty, or a
// value that is not a time.
func describe(rec *providers.Record, f providers.Field) string {
	v, ok := rec.Get(f)
	switch {
	case !ok:
		return "missing"
	case v == "":
		return "empty"
	}
	return "not an RFC 3339 time"
}

// fill gives an event's record the fields the event does not carry,
// from the export's record of the same license.
func (m *merger) fill(ev, from *providers.Record) {
	for _, f := range m.missing {
		if v, ok := from.Get(f); ok && !ev.Has(f) {
			ev.Put(f, v)
		}
	}
}

// added yields the licenses only events hold, by id (numeric ids in
// number order): keys created since
// the export. Their product is named from the export's licenses of the
// same product id; what else the event does not carry is a warning.
func (m *merger) added(yield func(*providers.Record, error) bool, report *providers.ReadReport) {
	var ids []string
	for id, st := range m.held {
		if !st.done {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b string) int { // numeric ids in number order
		return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b))
	})
	unknown, lacking, strange := 0, map[providers.Field]bool{}, map[string]bool{}
	for _, id := range ids {
		if st := m.held[id]; st.tie != "" {
			if !yield(nil, st.tied()) {
				return
			}
			continue
		}
		rec := &m.held[id].rec
		name, known := m.products[rec.Value(providers.FProductID)]
		if name != "" && !rec.Has(providers.FProduct) {
			rec.Put(providers.FProduct, name)
		}
		if !known {
			strange[rec.Value(providers.FProductID)] = true
		}
		if m.lacks(rec, lacking) {
			unknown++
		}
		if !yield(rec, nil) {
			return
		}
	}
	m.warnAdded(report, unknown, lacking, strange)
}

// warnAdded says what the licenses only events hold lack, and names the
// product ids no license of the export has: a product added since, or
// another store's events (the one check of the store an export allows:
// a key it holds is checked by its key).
func (m *merger) warnAdded(report *providers.ReadReport, unknown int, lacking map[providers.Field]bool, strange map[string]bool) {
	if unknown > 0 {
		report.Warnings = append(report.Warnings, fmt.Sprintf(
			"%d %s only the saved events hold (created since the export) %s no %s: an event does not carry them, so rules matching them do not match these licenses until the next full read",
			unknown, plural(unknown, "license", "licenses"), plural(unknown, "has", "have"), m.names(lacking)))
	}
	if len(strange) > 0 {
		report.Warnings = append(report.Warnings, fmt.Sprintf(
			"saved events add licenses of product id %s, which no license of the export has: a product created since the export, or events of another store (check what events: names)",
			strings.Join(slices.Sorted(maps.Keys(strange)), ", ")))
	}
}

// lacks reports whether rec misses a field an event does not carry,
// noting which in seen.
func (m *merger) lacks(rec *providers.Record, seen map[providers.Field]bool) bool {
	some := false
	for _, f := range m.missing {
		if !rec.Has(f) {
			seen[f], some = true, true
		}
	}
	return some
}

// names lists the fields of seen, in the spec's order.
func (m *merger) names(seen map[providers.Field]bool) string {
	var out []string
	for _, f := range m.missing {
		if seen[f] {
			out = append(out, f.String())
		}
	}
	if len(out) < 2 {
		return strings.Join(out, "")
	}
	return strings.Join(out[:len(out)-1], ", ") + " or " + out[len(out)-1]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
