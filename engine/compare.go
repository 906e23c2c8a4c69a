package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/licentric/licentric-sync/compare"
	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/httpx"
	"github.com/licentric/licentric-sync/providers/live"
	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/registry"
)

// CompareOptions steer a compare run: every license of the sources, a
// seeded sample of Sample of them, or the keys of a validation log.
type CompareOptions struct {
	Sample int
	// Seed picks the sample; 0 picks one from the clock (the report names it).
	Seed uint64
	// Log, when set, are the validation log's entries; LogName its file.
	Log     []compare.Entry
	LogName string
	// Notice receives what is asked of each side and how long it takes.
	Notice io.Writer
}

// subject is one license to compare: its key, the fingerprint the app
// sent (log entries), and where the sources have it (Source "" when no
// source does).
type subject struct {
	key    license.Key
	fp     string
	origin license.Origin
}

// oldSide is one source's platform check, asked through its pager.
type oldSide struct {
	platform  *platform.Platform
	asker     platform.Asker
	perMinute int
}

// Compare asks the old platform and Licentric about each selected
// license and classifies the pair of answers (compare.Classify). It
// stops at ctx's end with the report marked partial. Both sides are
// paced: Licentric's by its client, which keeps validate-key's
// allowance (60/min per IP) from the server's rate headers; the old
// platform's by the source's pager (the descriptor's Rate and the
// check's own PerMinute on the platform's host, its headers anywhere).
func (e *Engine) Compare(ctx context.Context, t providers.Target, o CompareOptions) (*compare.Report, error) {
	v, ok := t.(providers.KeyValidator)
	if !ok {
		return nil, fmt.Errorf("%s cannot run validate-key, which compare asks", t.Capabilities().Description)
	}
	res, err := e.Desired(ctx)
	if err != nil {
		return nil, err
	}
	r := &compare.Report{FormatVersion: compare.ReportVersion, Target: t.Capabilities().Description}
	subs := e.compareSubjects(res.Licenses, o, r)
	sides, err := e.oldSides(subs, r)
	if err != nil {
		return nil, err
	}
	r.Planned = len(subs)
	e.compareNotice(o.Notice, r, t.Capabilities().ValidatePerMinute, sides)
	start := time.Now()
	for i, s := range subs {
		f, err := compareOne(ctx, sides, v, s)
		if ctx.Err() != nil {
			r.Partial = true
			break
		}
		if err != nil {
			return nil, err
		}
		if err := r.Add(f); err != nil {
			return nil, err
		}
		if e.Report != nil {
			e.Report.Progress("comparing licenses", i+1, len(subs))
		}
	}
	r.Seconds = time.Since(start).Seconds()
	r.Finish()
	return r, nil
}

// compareSubjects are the licenses a run compares, in key order: every
// one, a seeded sample, or the log's keys (each with its fingerprint).
func (e *Engine) compareSubjects(ls []license.License, o CompareOptions, r *compare.Report) []subject {
	license.SortLicenses(ls)
	switch {
	case o.Log != nil:
		r.Selection, r.Log = "log", o.LogName
		return logSubjects(ls, o.Log)
	case o.Sample > 0 && o.Sample < len(ls):
		r.Selection, r.Seed = "sample", o.Seed
		if r.Seed == 0 {
			r.Seed = uint64(time.Now().UnixNano())
		}
		rng := rand.New(rand.NewPCG(r.Seed, r.Seed^0x9e3779b97f4a7c15))
		subs := make([]subject, 0, o.Sample)
		for _, k := range rng.Perm(len(ls))[:o.Sample] {
			subs = append(subs, subject{key: ls[k].Key, origin: ls[k].Origin})
		}
		return subs
	}
	r.Selection = "all"
	subs := make([]subject, 0, len(ls))
	for i := range ls {
		subs = append(subs, subject{key: ls[i].Key, origin: ls[i].Origin})
	}
	return subs
}

// logSubjects are a validation log's entries, each where the sources
// have its key (nowhere: Source "").
func logSubjects(ls []license.License, log []compare.Entry) []subject {
	at := make(map[license.Key]int, len(ls))
	for i := range ls {
		at[ls[i].Key] = i
	}
	subs := make([]subject, 0, len(log))
	for _, en := range log {
		s := subject{key: en.Key, fp: en.Fingerprint}
		if i, ok := at[en.Key]; ok {
			s.origin = ls[i].Origin
		}
		subs = append(subs, s)
	}
	return subs
}

// oldSides are the platform checks of the sources the subjects come
// from, by source name; "" is the one source a log key in no source is
// asked of, when the config has exactly one. A source compare cannot
// ask (files without compare:, or a platform without a check) is refused
// up front.
func (e *Engine) oldSides(subs []subject, r *compare.Report) (map[string]*oldSide, error) {
	sides := map[string]*oldSide{}
	for _, s := range subs {
		name := s.origin.Source
		if _, done := sides[name]; done || name == "" {
			continue
		}
		side, err := e.oldSide(name)
		if err != nil {
			return nil, err
		}
		sides[name] = side
		r.Calls = append(r.Calls, fmt.Sprintf("source %s: %s", name, side.platform.API.Validate.Calls))
		if side.platform.API.Validate.Judged {
			r.Judged = append(r.Judged, side.platform.Title)
		}
	}
	if only := e.onlySource(); only != "" {
		for _, name := range []string{only} {
			if side, ok := sides[name]; ok {
				sides[""] = side
			} else if side, err := e.oldSide(name); err == nil { // one that cannot be asked leaves log keys unknown
				sides[""] = side
			}
		}
	}
	return sides, nil
}

// oldSide is one source's check: an api: source asks through the pager
// that reads it (live or from --snapshot, the check is live); a source
// read from files through a pager of its compare: block, with the same
// token rules, pacing and scrubbing.
func (e *Engine) oldSide(name string) (*oldSide, error) {
	cs, _ := e.Config.Source(name)
	p, _ := registry.Default().Lookup(cs.Platform)
	if p.API == nil || p.API.Validate == nil {
		return nil, fmt.Errorf("source %s: compare cannot ask %s whether a license is valid", name, cs.Platform)
	}
	pager, err := e.comparePager(cs, &p)
	if err != nil {
		return nil, err
	}
	if err := pager.Ready(); err != nil {
		return nil, err
	}
	pm := p.API.Validate.PerMinute
	if pm == 0 {
		pm = p.API.Live.Rate.PerMinute()
	}
	return &oldSide{platform: &p, asker: pager.Paced(p.API.Validate.PerMinute), perMinute: pm}, nil
}

// comparePager is the pager compare asks a source's platform through.
func (e *Engine) comparePager(cs config.Source, p *platform.Platform) (*live.Pager, error) {
	if ls, ok := e.live[cs.Name]; ok {
		return ls.pager, nil
	}
	if cs.Compare == nil {
		return nil, fmt.Errorf("%s:%d: source %s is read from files; compare asks the old platform's API: give the source "+
			"compare: {url, token_env} (the API and the variable holding its token; docs/config.md)", e.Config.File, cs.Line, cs.Name)
	}
	asked := cs
	asked.API = cs.Compare
	return e.pager(asked, p.API, live.Options{})
}

// compareOne asks both sides about one license. A side that cannot
// answer is unknown, with why (scrubbed of the key); the old platform
// refusing the token ends the run, as no license could be asked.
func compareOne(ctx context.Context, sides map[string]*oldSide, v providers.KeyValidator, s subject) (compare.Finding, error) {
	f := compare.Finding{Ref: s.key.Ref(), Source: s.origin.Source, Where: plan.Where(s.origin), Old: compare.Unknown, New: compare.Unknown}
	var why []string
	if side, ok := sides[s.origin.Source]; ok {
		ans, err := side.platform.API.Validate.Check(ctx, side.asker, platform.Subject{Key: s.key, ID: s.origin.SourceID})
		var auth *live.AuthError
		switch {
		case errors.As(err, &auth):
			return f, fmt.Errorf("source %s: %w", s.origin.Source, err)
		case err != nil:
			why = append(why, "old platform: "+httpx.ScrubText(err.Error(), string(s.key)))
		default:
			f.Old, f.OldCode = ans.Outcome, ans.Code
		}
	} else {
		why = append(why, "old platform: the key is in no source, and the config has more than one to ask")
	}
	ans, err := v.Validate(ctx, s.key, s.fp)
	if err != nil {
		why = append(why, "Licentric: "+httpx.ScrubText(err.Error(), string(s.key)))
	} else {
		f.New, f.NewCode = compare.Invalid, ans.Code
		if ans.Valid {
			f.New = compare.Valid
		}
	}
	for i, w := range why {
		if i > 0 {
			f.Detail += "; "
		}
		f.Detail += w
	}
	return f, nil
}

// compareNotice says up front what each side is asked and how long the
// run takes at the slower side's rate, so a full run of 12,000 licenses
// is not started by mistake.
func (e *Engine) compareNotice(w io.Writer, r *compare.Report, licentricPerMin int, sides map[string]*oldSide) {
	if w == nil {
		return
	}
	pm, slower := licentricPerMin, "Licentric validate-key"
	for name, s := range sides {
		if s.perMinute > 0 && (pm == 0 || s.perMinute < pm) {
			pm, slower = s.perMinute, "source "+name
		}
	}
	fmt.Fprintf(w, "compare: %d licenses", r.Planned)
	if pm > 0 && r.Planned > 0 {
		fmt.Fprintf(w, ": about %s at %d/min (%s)", Took(time.Duration(r.Planned)*time.Minute/time.Duration(pm)), pm, slower)
		if r.Selection == "all" && r.Planned > pm {
			fmt.Fprint(w, "; use --sample N for a shorter run")
		}
	}
	fmt.Fprintln(w, ".")
	for _, c := range r.Calls {
		fmt.Fprintf(w, "compare: %s.\n", c)
	}
	fmt.Fprintln(w, "compare: Licentric: POST /licenses/validate-key (may count as a use and fire validation webhooks). Ctrl-C stops with a partial report.")
}

// Took is a duration as a person reads it: "3 h 20 min", "12 min", "40 s".
func Took(d time.Duration) string {
	switch {
	case d >= time.Hour:
		d = d.Round(time.Minute)
		return fmt.Sprintf("%d h %d min", int(d.Hours()), int(d.Minutes())%60)
	case d >= time.Minute:
		return fmt.Sprintf("%d min", int(d.Round(time.Minute).Minutes()))
	}
	return fmt.Sprintf("%d s", int(d.Round(time.Second).Seconds()))
}

// onlySource is the run's one source, "" when it has several.
func (e *Engine) onlySource() string {
	only := ""
	for _, cs := range e.Config.Sources {
		if e.selected(cs.Name) {
			if only != "" {
				return ""
			}
			only = cs.Name
		}
	}
	return only
}
