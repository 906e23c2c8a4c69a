// Package engine is where a sync happens. Run takes one command's
// request (ApplyRequest, PlanRequest, ...) and owns its whole order —
// load the config and its sources, build the desired state, read the
// target, plan, add input digests and findings, check staleness and
// safety thresholds, confirm, apply, and check that a fresh plan is then
// empty — as Terraform's backend/local runs an operation and
// external-dns's controller.RunOnce runs plan then apply. It talks to the
// user only through a View (progress, warn, confirm, render; package view
// draws it) and writes to no stream itself; failures are typed errors
// (BlockedError, StaleError, InterruptedError, ErrDiffers) that cli maps
// to exit codes. The Engine's methods are the steps a request runs.
package engine

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/gitignore"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/mapping"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/licentric"
	"github.com/licentric/licentric-sync/providers/live"
	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/registry"
	"github.com/licentric/licentric-sync/providers/tabular"
)

// Engine runs operations over one loaded config.
type Engine struct {
	Config *config.Config
	// Now decides expiries ("expired in the past") consistently for a run.
	Now time.Time
	// ToolVersion is recorded in plans so reviewers see which build planned.
	ToolVersion string
	// Getenv reads the variables that hold API keys; os.Getenv by default.
	Getenv func(string) string
	// Log receives warnings (never keys or personal data); io.Discard by
	// default.
	Log io.Writer
	// Report, when set, is given to targets that report long reads and
	// waits (providers.Reporting).
	Report providers.Reporter
	// ShowSensitive reveals export values in row errors that are hidden
	// because they look like keys or personal data (--show-sensitive).
	ShowSensitive bool
	// Snapshot, when set, is a directory pull wrote: api: sources read
	// their pages from it instead of the live API (--snapshot).
	Snapshot string
	// Clock is what pacing, backoff and Retry-After wait on, in the
	// target's client and the live sources' pagers; nil: the wall clock.
	Clock Clock
	// KeepView makes a Licentric target plan from its kept view (plan and
	// apply; verify and list read the account whole). ReadNow reads the
	// account whole now and keeps it (plan --refresh).
	KeepView, ReadNow bool
	// live are the live sources of the last Sources call, by name: the
	// digests of the data they read and the cost of reading it.
	live map[string]liveSource
	// digesters are the file sources of the last Sources call, by name:
	// each takes its export files' digests as it reads them.
	digesters map[string]providers.FileDigester
	// VersionWarning, when set, says that a development build runs a
	// config with required_version; a run warns with it through its View.
	VersionWarning string
	// only is the --source selection (Select); nil for every source.
	only map[string]bool
	// adopt are the keys of options.adopt_keys_file, read by Plan.
	adopt map[license.Key]bool
}

// liveSource is an api: source and the pager that reads its API.
type liveSource struct {
	src   *tabular.Source
	pager *live.Pager
}

// Load reads and checks the config at path, and that this tool version
// meets its required_version.
func Load(path string, now time.Time, version string) (*Engine, error) {
	cfg, err := registry.Default().Config().Load(path)
	if err != nil {
		return nil, err
	}
	warning, err := checkVersion(cfg, version)
	if err != nil {
		return nil, err
	}
	return &Engine{Config: cfg, Now: now, ToolVersion: version, Getenv: os.Getenv, Log: io.Discard, VersionWarning: warning}, nil
}

// Sources builds the config's sources; an api: source gets the pager
// that reads its platform's API (or its snapshot).
func (e *Engine) Sources() ([]providers.Source, error) {
	sources, err := registry.Default().Sources(e.Config)
	if err != nil {
		return nil, err
	}
	e.live, e.digesters = map[string]liveSource{}, map[string]providers.FileDigester{}
	kept := sources[:0]
	for i, cs := range e.Config.Sources {
		if !e.selected(cs.Name) {
			continue
		}
		kept = append(kept, sources[i])
		if !cs.Live() {
			if d, ok := under(sources[i]).(providers.FileDigester); ok {
				e.digesters[cs.Name] = d
			}
			continue
		}
		pg, err := e.attachPager(sources[i], cs, live.Options{Snapshot: e.Snapshot})
		if err != nil {
			return nil, err
		}
		e.live[cs.Name] = liveSource{src: under(sources[i]).(*tabular.Source), pager: pg}
	}
	return kept, nil
}

// LiveSource builds a source that reads cs's API without a config
// around it (init --api), waiting on clock (nil: the wall clock).
func LiveSource(cs config.Source, dir string, getenv func(string) string, report providers.Reporter, clock Clock) (providers.Source, error) {
	p, ok := registry.Default().Lookup(cs.Platform)
	if !ok || p.API == nil {
		return nil, fmt.Errorf("platform %s has no API to read", cs.Platform)
	}
	src := p.New(cs, dir)
	e := &Engine{Getenv: getenv, Report: report, Clock: clock}
	_, err := e.attachPager(src, cs, live.Options{})
	return src, err
}

// attachPager gives a source built from an api: entry the pager that
// reads its platform's API.
func (e *Engine) attachPager(src providers.Source, cs config.Source, opts live.Options) (*live.Pager, error) {
	p, _ := registry.Default().Lookup(cs.Platform)
	pg, err := e.pager(cs, p.API, opts)
	if err != nil {
		return nil, err
	}
	ts, ok := under(src).(*tabular.Source)
	if !ok {
		return nil, fmt.Errorf("source %s: platform %s cannot read an API; read it with path: instead", cs.Name, cs.Platform)
	}
	ts.SetPager(pg)
	return pg, nil
}

// under is the source a wrapper reads through (saved events on top of a
// live read: providers/events), or src itself.
func under(src providers.Source) providers.Source {
	if w, ok := src.(interface{ Unwrap() providers.Source }); ok {
		return w.Unwrap()
	}
	return src
}

// pager is a reader of cs's API for this run (sources, devices,
// compare's asks): the engine's tokens, reports and clock, and opts's
// snapshot or save.
func (e *Engine) pager(cs config.Source, api *platform.API, opts live.Options) (*live.Pager, error) {
	opts.Getenv, opts.Report, opts.Clock = e.Getenv, e.Report, e.Clock
	return live.New(cs, api, opts)
}

// Source builds one source by name; an unknown name lists the valid ones.
func (e *Engine) Source(name string) (providers.Source, error) {
	sources, err := e.Sources()
	if err != nil {
		return nil, err
	}
	var names []string
	for _, s := range sources {
		if s.Name() == name {
			return s, nil
		}
		names = append(names, s.Name())
	}
	return nil, fmt.Errorf("%s has no source named %q; its sources are: %s", e.Config.File, name, strings.Join(names, ", "))
}

// EstimateLicenses is a cheap guess at how many licenses the sources
// hold (providers.SizeHinter), for sizing memory before reading them.
func (e *Engine) EstimateLicenses() int {
	sources, err := e.Sources()
	if err != nil {
		return 0
	}
	n := 0
	for _, s := range sources {
		if h, ok := s.(providers.SizeHinter); ok {
			n += h.SizeHint()
		}
	}
	return n
}

// Desired reads every source through the mapping. Row errors make it fail
// with all of them listed; the result is still returned for review.
func (e *Engine) Desired(ctx context.Context) (*mapping.Result, error) {
	sources, err := e.Sources()
	if err != nil {
		return nil, err
	}
	checks, err := e.recordChecks(ctx)
	if err != nil {
		return nil, err
	}
	opts := []mapping.Option{mapping.ShowSensitive(e.ShowSensitive), mapping.RecordChecks(checks)}
	if e.Report != nil {
		opts = append(opts, mapping.Progress(func(source string, n int) { e.Report.Progress("reading source "+source, n, 0) }))
	}
	res := mapping.Build(ctx, e.Config, sources, e.Now, opts...)
	if err := res.Err(); err != nil {
		return res, fmt.Errorf("the sources have problems; nothing was planned or written:\n%w", err)
	}
	return res, nil
}

// Mode says whether an operation may create and write the target.
type Mode int

// The modes: ReadOnly never creates a local store file.
const (
	ReadOnly Mode = iota
	ReadWrite
)

// OpenTarget opens the config's target. The caller closes it.
func (e *Engine) OpenTarget(mode Mode) (providers.Target, error) {
	cfg := e.Config
	if lt := cfg.Target.Licentric; lt != nil {
		key := strings.TrimSpace(e.Getenv(lt.APIKeyEnv)) // a trailing newline from `echo` or a secrets file, as live tokens
		if key == "" {
			return nil, fmt.Errorf("%s: target licentric: $%s is empty; export your Licentric API key (lk_test_… to rehearse, lk_live_… for production) in it", cfg.File, lt.APIKeyEnv)
		}
		if !strings.HasPrefix(key, "lk_live_") && !strings.HasPrefix(key, "lk_test_") {
			return nil, fmt.Errorf("%s: target licentric: $%s does not hold a Licentric API key (they start with lk_live_ or lk_test_)", cfg.File, lt.APIKeyEnv)
		}
		t, err := licentric.New(lt.URL, key)
		if err != nil {
			return nil, err
		}
		if e.Report != nil {
			t.SetReporter(e.Report)
		}
		if e.Clock != nil {
			t.SetClock(e.Clock)
		}
		if err := e.attachView(t, lt); err != nil {
			return nil, err
		}
		return t, nil
	}
	path := cfg.Target.Local.Path
	display := e.Display(path)
	// Opening narrows the store's files to 0600; what it could not
	// (a file owned by another user) is warned about.
	defer func() {
		if exposed := local.Exposed(path); len(exposed) > 0 {
			fmt.Fprintf(e.Log, "WARNING: local store %s is readable by other users (%s); it holds every license key and email: chmod 600 %s*\n",
				display, strings.Join(exposed, ", "), display)
		}
	}()
	if mode == ReadOnly {
		s, ok, err := local.OpenExisting(path, display)
		if err != nil {
			return nil, err
		}
		if !ok {
			return local.Absent{Display: display}, nil
		}
		s.ActiveCap = cfg.Target.Limits.ActiveLicenses
		e.onClock(s)
		return s, nil
	}
	s, err := local.Open(path, display)
	if err != nil {
		return nil, err
	}
	gitignore.Warn(e.Log, path, display, "the local store and its .lock")
	s.ActiveCap = cfg.Target.Limits.ActiveLicenses // a rehearsal fails where the account would
	e.onClock(s)
	return s, nil
}

// onClock puts a local store on the run's clock when it has one (a test's
// fake): its validate-key then decides EXPIRED at the same time as the
// run's mapping, whatever the date the test runs on.
func (e *Engine) onClock(s *local.Store) {
	if e.Clock != nil {
		s.Now = e.clockNow
	}
}

// clockNow is the time on the run's clock (UTC): a test's fake when it
// has one, else the wall's.
func (e *Engine) clockNow() time.Time {
	if e.Clock != nil {
		return e.Clock.Now().UTC()
	}
	return time.Now().UTC()
}

// Display shows a path relative to the config file when it is below it.
func (e *Engine) Display(path string) string {
	if rel, err := filepath.Rel(e.Config.Dir, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}
