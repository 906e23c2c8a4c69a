package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/live"
	"github.com/licentric/licentric-sync/providers/registry"
)

// Pulled is what pull saved of one live source.
type Pulled struct {
	Source   string
	Dir      string
	Pages    int
	Licenses int
	Requests int
	// Devices is how many devices were saved, DeviceNoun the platform's
	// word for them; "" when the platform lists none.
	Devices    int
	DeviceNoun string
}

// Pull saves a snapshot of each live source (all of them when names is
// empty) under dir: the migration guide's "back up the old platform
// first", and a frozen input to plan against. Every page is read through
// the source's reader as a plan would, so a snapshot that would not plan
// is refused; row problems do not stop a backup. A source whose read
// fails leaves no snapshot behind. An existing snapshot is the rollback
// point: without force, pull refuses before any request. A platform
// that lists devices has its device pages saved too (read as a plan
// reads them), so a plan from the snapshot reports them as the live one.
func (e *Engine) Pull(ctx context.Context, names []string, dir string, force bool) ([]Pulled, error) {
	chosen, err := e.liveSources(names)
	if err != nil {
		return nil, err
	}
	for _, cs := range chosen {
		if _, err := live.Prepare(dir, cs.Name, force); err != nil {
			return nil, fmt.Errorf("pull %s: %w", cs.Name, err)
		}
	}
	for i := range chosen {
		chosen[i].Events = "" // a snapshot holds the platform's pages; events apply on top when it is read
	}
	sources, err := registry.Default().Sources(&config.Config{Sources: chosen, Dir: e.Config.Dir})
	if err != nil {
		return nil, err
	}
	var out []Pulled
	for i, cs := range chosen {
		got, err := e.pullOne(ctx, sources[i], cs, dir, force)
		if err != nil {
			return out, fmt.Errorf("pull %s: %w", cs.Name, err)
		}
		out = append(out, got)
	}
	return out, nil
}

func (e *Engine) pullOne(ctx context.Context, src providers.Source, cs config.Source, dir string, force bool) (Pulled, error) {
	w, err := live.NewWriter(dir, cs, force)
	if err != nil {
		return Pulled{}, err
	}
	pg, err := e.attachPager(src, cs, live.Options{Save: w.Save})
	if err != nil {
		w.Abort()
		return Pulled{}, err
	}
	n := 0
	for rec, err := range src.Records(ctx) {
		var rowErr *providers.RowError
		switch {
		case errors.As(err, &rowErr):
			continue // a backup keeps what the platform holds, row problems and all
		case err != nil:
			w.Abort()
			return Pulled{}, err
		case rec != nil:
			n++
			if e.Report != nil && n%1000 == 0 {
				e.Report.Progress("pulling source "+cs.Name, n, 0)
			}
		}
	}
	got := Pulled{Source: cs.Name, Licenses: n}
	if p, ok := registry.Default().Lookup(cs.Platform); ok && p.Devices != nil {
		ds, read, err := readDevicePages(ctx, pg, cs.Name, *p.Devices)
		if err != nil {
			w.Abort()
			return Pulled{}, err
		}
		if read {
			got.Devices, got.DeviceNoun = len(ds), p.Devices.Noun
		}
	}
	final, err := w.Commit(e.Now, e.ToolVersion, pg.Digest())
	if err != nil {
		w.Abort()
		return Pulled{}, err
	}
	got.Dir, got.Pages, got.Requests = e.Display(final), w.Pages(), pg.Requests()
	return got, nil
}

// liveSources are the api: sources named (all when names is empty).
func (e *Engine) liveSources(names []string) ([]config.Source, error) {
	var out, all []config.Source
	for _, s := range e.Config.Sources {
		if s.Live() {
			all = append(all, s)
		}
	}
	if len(names) == 0 {
		if len(all) == 0 {
			return nil, fmt.Errorf("%s has no api: source; pull reads sources that name their platform's API (see docs/config.md)", e.Config.File)
		}
		return all, nil
	}
	for _, n := range names {
		s, ok := e.Config.Source(n)
		switch {
		case !ok:
			var valid []string
			for _, a := range all {
				valid = append(valid, a.Name)
			}
			return nil, fmt.Errorf("%s has no source named %q; its api: sources are: %s", e.Config.File, n, strings.Join(valid, ", "))
		case !s.Live():
			return nil, fmt.Errorf("source %s reads files (path: %s), which are already a snapshot; pull reads api: sources", n, s.Path)
		}
		out = append(out, s)
	}
	return out, nil
}
