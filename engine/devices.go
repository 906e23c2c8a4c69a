package engine

import (
	"context"
	"fmt"

	"github.com/licentric/licentric-sync/config"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/mapping"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers/devices"
	"github.com/licentric/licentric-sync/providers/live"
	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/registry"
)

// deviceReport reads the devices of every selected source whose
// platform keeps them (the device pages of its dump, or its API's device
// list) and reports them against the desired licenses: the plan's device
// findings, and the devices apply activates where a source says
// devices: carry.
func (e *Engine) deviceReport(ctx context.Context, res *mapping.Result) (devices.Report, error) {
	var out devices.Report
	limit := devices.Limits(e.Config.Policies)
	for _, s := range e.Config.Sources {
		p, ok := registry.Default().Lookup(s.Platform)
		if !ok || p.Devices == nil || !e.selected(s.Name) {
			continue
		}
		ds, read, err := e.readDevices(ctx, s, p)
		if err != nil {
			return out, fmt.Errorf("source %s: %w", s.Name, err)
		}
		if !read && e.Snapshot != "" && p.API != nil && p.API.Live.Devices != nil {
			out.Diagnostics = append(out.Diagnostics, plan.Diagnostic{Severity: plan.Warning,
				Message: fmt.Sprintf("source %s: its snapshot holds no %s pages (pulled by an earlier build, which saved licenses only), so none are reported; pull again with --force to report them", s.Name, p.Devices.Noun)})
		}
		if len(ds) == 0 {
			continue
		}
		byID := map[string]*license.License{}
		for i := range res.Licenses {
			if l := &res.Licenses[i]; l.Origin.Source == s.Name && l.Origin.SourceID != "" {
				byID[l.Origin.SourceID] = l
			}
		}
		r := devices.Build(devices.Source{Name: s.Name, Spec: *p.Devices, Carry: s.CarryDevices, Devices: ds},
			byID, limit, devices.ActivationsPerMinute)
		out.Diagnostics = append(out.Diagnostics, r.Diagnostics...)
		out.Carry = append(out.Carry, r.Carry...)
	}
	return out, nil
}

// readDevices reads one source's devices: from the device pages among
// the export files its read found (providers.FileDigester.ExportFiles,
// the same list the plan's input digests name, so a page that appears
// mid-plan is both read and listed or neither), or, for an api: source whose platform lists devices, from
// that list or the snapshot pull saved of it. read is false when there
// was no list to read (the platform has none, or the snapshot holds
// none).
func (e *Engine) readDevices(ctx context.Context, s config.Source, p platform.Platform) (ds []devices.Device, read bool, err error) {
	if !s.Live() {
		d, ok := e.digesters[s.Name]
		if !ok {
			return nil, false, fmt.Errorf("its reader does not say which files it read, so its devices cannot be read from the same files (a bug; please report it)")
		}
		files := d.ExportFiles()
		ds, err := devices.ReadFiles(*p.Devices, files, func(f string) string { return e.Display(absPath(f)) })
		return ds, true, err
	}
	if p.API == nil {
		return nil, false, nil
	}
	pg, err := e.pager(s, p.API, live.Options{Snapshot: e.Snapshot})
	if err != nil {
		return nil, false, err
	}
	return readDevicePages(ctx, pg, s.Name, *p.Devices)
}

// readDevicePages reads a pager's device list, every page through the
// platform's device reader (a pull so refuses a page a plan could not
// read).
func readDevicePages(ctx context.Context, pg *live.Pager, source string, spec devices.Spec) ([]devices.Device, bool, error) {
	var out []devices.Device
	n := 0
	read, err := pg.Devices(ctx, func(body []byte) error {
		n++
		ds, err := devices.ReadPage(spec, fmt.Sprintf("api:%s %s page %d", source, spec.Path, n), body)
		out = append(out, ds...)
		return err
	})
	return out, read, err
}
