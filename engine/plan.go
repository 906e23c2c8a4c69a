package engine

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/licentric/licentric-sync/mapping"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/devices"
)

// Planned is a plan with what it was built from. The plan checksum hashes
// every change, so it is computed in the background while the caller
// renders the plan; Checksum waits for it.
type Planned struct {
	Plan   *plan.Plan
	Result *mapping.Result
	// Devices are the device findings and the devices to carry.
	Devices devices.Report
	// Took is the wall time of each phase, for summaries.
	Took     Timing
	checksum string
	done     chan struct{}
}

// Timing is the wall time of a run's phases; zero for a phase not run.
type Timing struct {
	Sources, Target, Apply, Check time.Duration
}

// String is "sources 1.2s, target read and plan 61s, …", leaving out
// phases that did not run.
func (t Timing) String() string {
	var parts []string
	for _, p := range []struct {
		name string
		d    time.Duration
	}{{"sources", t.Sources}, {"target read and plan", t.Target}, {"apply", t.Apply}, {"closing check", t.Check}} {
		switch {
		case p.d >= time.Millisecond:
			parts = append(parts, p.name+" "+p.d.Round(time.Millisecond).String())
		case p.d > 0:
			parts = append(parts, p.name+" <1ms")
		}
	}
	return strings.Join(parts, ", ")
}

// Total is the sum of the phases.
func (t Timing) Total() time.Duration { return t.Sources + t.Target + t.Apply + t.Check }

// Checksum waits for the plan's checksum and returns it.
func (p *Planned) Checksum() string {
	<-p.done
	return p.checksum
}

// Plan builds the desired state, reads the target and diffs them. The
// digests of the plan's inputs come from the sources' own reads for the
// export files (providers.FileDigester), and are hashed on the other core
// while the sources are read for the rest (config, adopt list, events);
// an input that cannot be read fails the plan.
func (e *Engine) Plan(ctx context.Context, t providers.Target) (*Planned, error) {
	type hashed struct {
		files []inputFile
		sums  map[string]string
		err   error
	}
	unread := make(chan hashed, 1)
	go func() {
		files, err := e.inputFiles()
		var sums map[string]string
		if err == nil {
			sums, err = e.hashUnread(files)
		}
		unread <- hashed{files, sums, err}
	}()
	start := time.Now()
	res, err := e.Desired(ctx)
	h := <-unread
	if err != nil {
		return nil, err
	}
	if h.err != nil {
		return nil, h.err
	}
	files, err := e.exportFiles(h.files)
	if err != nil {
		return nil, err
	}
	inputs, err := e.inputDigests(files, h.sums)
	if err != nil {
		return nil, err
	}
	adopt, err := e.readAdoptKeys()
	if err != nil {
		return nil, err
	}
	e.adopt = adopt.set()
	took := Timing{Sources: time.Since(start)}
	start = time.Now()
	cur, err := t.Current(ctx)
	if err != nil {
		return nil, err
	}
	p, err := plan.Compute(e.desiredState(res), cur, e.targetOptions(t))
	if err != nil {
		return nil, err
	}
	e.viewNotes(t, p)
	p.ToolVersion, p.Target, p.Inputs = e.ToolVersion, t.Capabilities().Description, append(inputs, e.liveInputs()...)
	p.Only = e.Selection()
	p.Diagnostics = append(p.Diagnostics, res.Diagnostics()...)
	p.Diagnostics = append(p.Diagnostics, adopt.unknown(res.Licenses)...)
	p.Diagnostics = append(p.Diagnostics, e.readCosts()...)
	devs, err := e.deviceReport(ctx, res)
	if err != nil {
		return nil, err
	}
	p.Diagnostics = append(p.Diagnostics, devs.Diagnostics...)
	took.Target = time.Since(start)
	pl := &Planned{Plan: p, Result: res, Devices: devs, Took: took, done: make(chan struct{})}
	go func() {
		defer close(pl.done)
		pl.checksum = p.Checksum()
	}()
	return pl, nil
}

func (e *Engine) desiredState(res *mapping.Result) plan.Desired {
	return plan.Desired{Products: e.Config.Products, Policies: e.Config.Policies, Licenses: res.Licenses}
}

func (e *Engine) planOptions(caps providers.Capabilities) plan.Options {
	o := plan.Options{Prune: e.Config.Options.Prune, OnConflict: e.Config.Options.OnConflict,
		BatchSize: caps.BatchSize, RequestsPerMinute: caps.RequestsPerMinute, Owners: map[string]string{}}
	for _, s := range e.Config.Sources {
		o.Owners[s.Name] = s.Platform
	}
	o.Only, o.AdoptKeys = e.only, e.adopt
	l := e.Config.Target.Limits
	o.Limits = plan.Limits{Tier: l.Tier, ActiveLicenses: l.ActiveLicenses, MonthlyRequests: l.MonthlyRequests}
	if caps.RequestsPerMinute > 0 {
		o.PageSize = 100 // an HTTP target lists in pages of 100
	}
	return o
}

// Errors turns the plan's error diagnostics into one command error that
// lists them, grouped like every finding (plan.Group), for a command that
// does not print the plan (apply).
func (p *Planned) Errors() error {
	var msgs []string
	for _, d := range p.Plan.Diagnostics {
		if d.Severity == plan.Error {
			msgs = append(msgs, d.String())
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return errors.New("the plan has errors; nothing was written:\n  " + strings.Join(msgs, "\n  "))
}

// ErrorsShown is the command error of a plan already printed with its
// errors: it counts them and points there instead of listing them again
// on stderr (a CI job that posts stderr would post them twice).
func (p *Planned) ErrorsShown() error {
	n := plan.Counts(p.Plan.Diagnostics)[plan.Error]
	if n == 0 {
		return nil
	}
	return fmt.Errorf("the plan has %d %s, listed with the plan above; nothing was written", n, plural(n, "error", "errors"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// readCosts say, per live source, what a read of it costs on the
// platform: a sync's real bottleneck is the platform's rate limit, not
// parsing. They depend only on the pages read, so a plan from a snapshot
// says the same as the live one.
func (e *Engine) readCosts() []plan.Diagnostic {
	var out []plan.Diagnostic
	for _, s := range e.Config.Sources {
		if ls, ok := e.live[s.Name]; ok {
			out = append(out, plan.Diagnostic{Severity: plan.Note, Message: "source " + s.Name + ": " + ls.pager.ReadCost()})
		}
	}
	return out
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
