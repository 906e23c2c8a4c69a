package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/mapping"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/cryptlex"
	"github.com/licentric/licentric-sync/providers/csvfile"
	"github.com/licentric/licentric-sync/providers/keygen"
	"github.com/licentric/licentric-sync/providers/lemonsqueezy"
	"github.com/licentric/licentric-sync/providers/licentric"
	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/providers/tabular"
)

// registry lists the source platforms, explicitly.
var registry = providers.Registry{
	"keygen":       keygen.New,
	"cryptlex":     cryptlex.New,
	"lemonsqueezy": lemonsqueezy.New,
	"csv":          csvfile.New,
}

func (e *env) loadConfig() (*config.Config, error) {
	return config.Load(e.globals.Config)
}

// loadSources loads the config and builds its sources.
func (e *env) loadSources() (*config.Config, []providers.Source, error) {
	cfg, err := e.loadConfig()
	if err != nil {
		return nil, nil, err
	}
	sources, err := registry.Sources(cfg)
	if err != nil {
		return nil, nil, err
	}
	return cfg, sources, nil
}

// desired reads every source through the mapping. Row errors make it fail
// with all of them listed.
func (e *env) desired(cfg *config.Config) (*mapping.Result, error) {
	sources, err := registry.Sources(cfg)
	if err != nil {
		return nil, err
	}
	res := mapping.Build(e.ctx, cfg, sources, e.now)
	if err := res.Err(); err != nil {
		return res, fmt.Errorf("the sources have problems; nothing was planned or written:\n%w", err)
	}
	return res, nil
}

// targetMode says whether a command may create and write the target.
type targetMode int

const (
	readOnly targetMode = iota
	readWrite
)

func (e *env) openTarget(cfg *config.Config, mode targetMode) (providers.Target, error) {
	if lt := cfg.Target.Licentric; lt != nil {
		key := os.Getenv(lt.APIKeyEnv)
		if key == "" {
			return nil, fmt.Errorf("%s: target licentric: $%s is empty; export your Licentric API key (lk_test_… to rehearse, lk_live_… for production) in it", cfg.File, lt.APIKeyEnv)
		}
		if !strings.HasPrefix(key, "lk_live_") && !strings.HasPrefix(key, "lk_test_") {
			return nil, fmt.Errorf("%s: target licentric: $%s does not hold a Licentric API key (they start with lk_live_ or lk_test_)", cfg.File, lt.APIKeyEnv)
		}
		return licentric.New(lt.URL, key)
	}
	path := cfg.Target.Local.Path
	display := displayPath(cfg, path)
	if mode == readOnly {
		s, ok, err := local.OpenExisting(path, display)
		if err != nil {
			return nil, err
		}
		if !ok {
			return local.Absent{Display: display}, nil
		}
		return s, nil
	}
	return local.Open(path, display)
}

// readTarget loads the config and opens its target for reading; the
// caller closes the target.
func (e *env) readTarget() (*config.Config, providers.Target, error) {
	cfg, err := e.loadConfig()
	if err != nil {
		return nil, nil, err
	}
	t, err := e.openTarget(cfg, readOnly)
	if err != nil {
		return nil, nil, err
	}
	return cfg, t, nil
}

func displayPath(cfg *config.Config, path string) string {
	if rel, err := filepath.Rel(cfg.Dir, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}

// computed is a plan with what it was built from. The plan checksum
// hashes every change, so it is computed in the background while the plan
// is rendered; seal waits for it.
type computed struct {
	cfg      *config.Config
	plan     *plan.Plan
	result   *mapping.Result
	checksum string
	done     chan struct{}
}

// seal waits for the checksum and returns it.
func (c *computed) seal() string {
	<-c.done
	return c.checksum
}

// computePlan builds the desired state, reads the target and diffs them.
// Input digests are computed while the sources are read.
func (e *env) computePlan(cfg *config.Config, t providers.Target) (*computed, error) {
	digests := make(chan []plan.Input, 1)
	go func() { digests <- inputDigests(cfg) }()
	res, err := e.desired(cfg)
	if err != nil {
		<-digests
		return nil, err
	}
	cur, err := t.Current(e.ctx)
	if err != nil {
		<-digests
		return nil, err
	}
	caps := t.Capabilities()
	d := plan.Desired{Products: cfg.Products, Policies: cfg.Policies, Licenses: res.Licenses}
	p, err := plan.Compute(d, cur, plan.Options{Prune: cfg.Options.Prune, OnConflict: cfg.Options.OnConflict,
		BatchSize: caps.BatchSize, RequestsPerMinute: caps.RequestsPerMinute, PageSize: pageSize(caps)})
	if err != nil {
		<-digests
		return nil, err
	}
	p.ToolVersion, p.Target = toolVersion(), caps.Description
	p.Inputs = <-digests
	addFindings(p, res)
	pc := &computed{cfg: cfg, plan: p, result: res, done: make(chan struct{})}
	go func() {
		defer close(pc.done)
		pc.checksum = p.Checksum()
	}()
	return pc, nil
}

func pageSize(c providers.Capabilities) int {
	if c.RequestsPerMinute == 0 {
		return 0
	}
	return 100
}

func addFindings(p *plan.Plan, res *mapping.Result) {
	p.Diagnostics = append(p.Diagnostics, findings(res)...)
	names := make([]string, 0, len(res.Skipped))
	for n := range res.Skipped {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for reason, count := range res.Skipped[n] {
			p.Diagnostics = append(p.Diagnostics, plan.Diagnostic{Severity: plan.Note, Message: fmt.Sprintf("source %s: %d %s", n, count, reason)})
		}
	}
}

// findings turns the mapping's warnings into plan diagnostics.
func findings(res *mapping.Result) []plan.Diagnostic {
	out := make([]plan.Diagnostic, 0, len(res.Findings))
	for _, f := range res.Findings {
		out = append(out, plan.Diagnostic{Severity: plan.Severity(f.Severity), Message: f.Message, Ref: f.Ref, Where: f.Where})
	}
	return out
}

// inputDigests hashes the config and every export file, so a saved plan
// can tell that its inputs changed.
func inputDigests(cfg *config.Config) []plan.Input {
	files := []string{cfg.File}
	for _, s := range cfg.Sources {
		if matches, err := tabular.Glob(s.Glob); err == nil {
			files = append(files, matches...)
		}
	}
	out := make([]plan.Input, 0, len(files))
	for _, f := range files {
		sum, err := digestFile(f)
		if err != nil {
			sum = "unreadable"
		}
		out = append(out, plan.Input{Path: displayPath(cfg, absPath(f)), SHA256: sum})
	}
	return out
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

func digestFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// planErrors turns error diagnostics into a command error.
func planErrors(p *plan.Plan) error {
	var msgs []string
	for _, d := range p.Diagnostics {
		if d.Severity == plan.Error {
			msgs = append(msgs, d.String())
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return errors.New("the plan has errors; nothing was written:\n  " + strings.Join(msgs, "\n  "))
}
