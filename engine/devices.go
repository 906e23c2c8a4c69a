package engine

import (
	"context"
	"fmt"

	"github.com/licentric/licentric-sync/config"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/mapping"
	"github.com/licentric/licentric-sync/providers/devices"
	"github.com/licentric/licentric-sync/providers/live"
	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/registry"
	"github.com/licentric/licentric-sync/providers/tabular"
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
		ds, err := e.readDevices(ctx, s, p)
		if err != nil {
			return out, fmt.Errorf("source %s: %w", s.Name, err)
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
// its files, or, for an api: source whose platform lists devices, from
// that list (none when it has no such list, or the source is read from a
// pulled snapshot).
func (e *Engine) readDevices(ctx context.Context, s config.Source, p platform.Platform) ([]devices.Device, error) {
	if !s.Live() {
		files, err := tabular.Glob(s.Glob)
		if err != nil {
			return nil, err
		}
		return devices.ReadFiles(*p.Devices, files, func(f string) string { return e.Display(absPath(f)) })
	}
	if p.API == nil {
		return nil, nil
	}
	pg, err := live.New(s, p.API, live.Options{Getenv: e.Getenv, Report: e.Report, Snapshot: e.Snapshot, Clock: e.Clock})
	if err != nil {
		return nil, err
	}
	var out []devices.Device
	n := 0
	_, err = pg.Devices(ctx, func(body []byte) error {
		n++
		ds, err := devices.ReadPage(*p.Devices, fmt.Sprintf("api:%s %s page %d", s.Name, p.Devices.Path, n), body)
		out = append(out, ds...)
		return err
	})
	return out, err
}
