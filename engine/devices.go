package engine

import (
	"fmt"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/mapping"
	"github.com/licentric/licentric-sync/providers/devices"
	"github.com/licentric/licentric-sync/providers/registry"
	"github.com/licentric/licentric-sync/providers/tabular"
)

// deviceReport reads the devices of every selected source whose
// platform keeps them (the device pages of its dump) and reports them
// against the desired licenses: the plan's device findings, and the
// devices apply activates where a source says devices: carry.
func (e *Engine) deviceReport(res *mapping.Result) (devices.Report, error) {
	var out devices.Report
	limit := devices.Limits(e.Config.Policies)
	for _, s := range e.Config.Sources {
		p, ok := registry.Default().Lookup(s.Platform)
		if !ok || p.Devices == nil || s.Live() || !e.selected(s.Name) {
			continue
		}
		files, err := tabular.Glob(s.Glob)
		if err != nil {
			return out, fmt.Errorf("source %s: %w", s.Name, err)
		}
		ds, err := devices.ReadFiles(*p.Devices, files, func(f string) string { return e.Display(absPath(f)) })
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
