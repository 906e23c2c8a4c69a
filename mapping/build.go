package mapping

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
)

// Build reads every source and maps its records. It never stops at the
// first bad row: all row errors are collected so one run shows them all.
func Build(ctx context.Context, cfg *config.Config, sources []providers.Source, now time.Time, opts ...Option) *Result {
	out := newResult()
	hint := 0
	for _, s := range sources {
		if h, ok := s.(providers.SizeHinter); ok {
			hint += h.SizeHint()
		}
	}
	out.Licenses = make([]license.License, 0, min(hint, firstReserve))
	for _, s := range sources {
		if cancelled(ctx) {
			break
		}
		src, _ := cfg.Source(s.Name())
		m := newMapper(cfg, src, now, out, opts...)
		check := m.checks[s.Name()]
		records, failed := 0, len(out.Errors)
		for rec, err := range s.Records(ctx) {
			if cancelled(ctx) { // Ctrl-C: a million-license file must not be read to its end first
				break
			}
			records++
			if m.progress != nil && records%progressEvery == 0 {
				m.progress(s.Name(), records)
			}
			if err != nil {
				out.Errors = append(out.Errors, err)
				var re *providers.RowError
				if !errors.As(err, &re) {
					break
				}
				continue
			}
			l, err := m.license(rec)
			switch {
			case errors.Is(err, errSkip):
				out.skip(s.Name(), "test-mode rows left out (set include_test_mode: true to keep them)")
			case errors.Is(err, errUnmatched):
			case err != nil:
				out.Errors = append(out.Errors, &providers.RowError{File: rec.File, Line: rec.Line, Err: err})
			default:
				if check != nil {
					check.Check(rec, &l)
				}
				out.Licenses = appendLicense(out.Licenses, l, hint)
			}
		}
		if err := m.unmatch.err(); err != nil {
			out.Errors = append(out.Errors, err)
		}
		if records == 0 && len(out.Errors) == failed {
			out.Findings = append(out.Findings, plan.Diagnostic{Severity: plan.Warning, Message: fmt.Sprintf(
				"source %s holds no licenses: its export has no rows (a header alone?); check that it is the export you meant", s.Name())})
		}
		if check != nil {
			for _, f := range check.Findings() {
				out.Findings = append(out.Findings, plan.Diagnostic{Severity: plan.Warning, Message: "source " + s.Name() + ": " + f})
			}
		}
		out.Reports[s.Name()] = s.Report()
		if rep := s.Report(); rep != nil {
			for _, w := range rep.Warnings {
				out.Findings = append(out.Findings, plan.Diagnostic{Severity: plan.Warning, Message: "source " + s.Name() + ": " + w})
			}
		}
	}
	if cancelled(ctx) {
		out.Errors = append(out.Errors, fmt.Errorf("reading the sources stopped: %w", context.Cause(ctx)))
		return out
	}
	license.SortLicenses(out.Licenses)
	out.Errors = append(out.Errors, duplicates(out.Licenses)...)
	for name, c := range out.revoked {
		out.Findings = append(out.Findings, plan.Diagnostic{Severity: plan.Warning, Message: fmt.Sprintf(
			"source %s: %d revoked %s licenses will be revoked in Licentric, where revoked is final (%s can un-revoke); "+
				"to keep them reversible map them with statuses: { revoked: suspended }", name, c.n, c.title, c.title)})
	}
	out.Findings = append(out.Findings, out.bigNumberFindings()...)
	out.compactFindings()
	return out
}

// cancelled reports whether ctx is done, without blocking: Build looks
// at it before each record, as a receive on a closed channel is cheap.
func cancelled(ctx context.Context) bool {
	select {
	case <-ctx.Done():
		return true
	default:
		return false
	}
}

// firstReserve is how many licenses Build reserves before any is read.
// The sources' hint is a count found in the files (a JSON dump's "key"
// members), so it is trusted only once that many real licenses came: a
// 300 MB file of nothing but "key" strings reserved 1 GB up front, which
// under `ulimit -v 1.5G` (the Go runtime itself reserves about 1 GB of
// address space) crashed the run before it read a byte.
const firstReserve = 1 << 16

// appendLicense appends l, growing a full list by doubling, and once
// firstReserve licenses came, to the hint at once (the whole of a
// million-license dump, copied once).
func appendLicense(list []license.License, l license.License, hint int) []license.License {
	if len(list) == cap(list) {
		more := max(len(list), 64)
		if len(list) >= firstReserve {
			more = max(more, hint-len(list))
		}
		list = slices.Grow(list, more)
	}
	return append(list, l)
}

func (r *Result) skip(source, reason string) {
	if r.Skipped[source] == nil {
		r.Skipped[source] = map[string]int{}
	}
	r.Skipped[source][reason]++
}
