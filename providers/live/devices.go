package live

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"

	"github.com/licentric/licentric-sync/providers/tabular"
)

// DevicesPage is the kind of a saved page of the platform's device list
// (devices-000001.json): pull saves them after the licenses, a read of
// the snapshot hands them to Devices, never to the license reader, and
// a path: source on the snapshot's folder finds them by their items
// (devices.IsPage) as in any dump.
const DevicesPage = "devices"

// Devices reads every page of the platform's device list (its
// descriptor's Live.Devices), from the API or from the snapshot pull
// took, and hands each body to fn; a pull (Options.Save) saves each
// page. read reports false when there is none to read: the platform
// lists no devices, or the snapshot holds none (pulled by a build that
// saved licenses only).
func (p *Pager) Devices(ctx context.Context, fn func(body []byte) error) (read bool, err error) {
	if p.api.Devices == nil {
		return false, nil
	}
	if p.opts.Snapshot != "" {
		return p.devicesFromSnapshot(ctx, fn)
	}
	p.token = ""
	if err := p.loadToken(); err != nil {
		return false, err
	}
	n := 0
	return true, p.api.Devices(ctx, p, func(body []byte) error {
		n++
		if p.opts.Save != nil {
			if err := p.opts.Save(tabular.LivePage{Kind: DevicesPage, Number: n, Body: body}); err != nil {
				return err
			}
		}
		return fn(body)
	})
}

// devicesFromSnapshot delivers the snapshot's device pages, each checked
// against its digest and all of them against the manifest's
// devices_sha256, so a device page removed from the manifest is refused
// too.
func (p *Pager) devicesFromSnapshot(ctx context.Context, fn func(body []byte) error) (bool, error) {
	dir, man, err := p.manifest()
	if err != nil {
		return false, err
	}
	if man.DevicesSHA256 == "" {
		return false, nil
	}
	h := sha256.New()
	for _, pg := range man.Pages {
		if pg.Kind != DevicesPage {
			continue
		}
		if err := ctx.Err(); err != nil {
			return false, err
		}
		body, err := readPage(filepath.Join(dir, filepath.Base(pg.File)), pg.SHA256)
		if err != nil {
			return false, fmt.Errorf("snapshot %s: %w; pull again with --force", dir, err)
		}
		digestPage(h, tabular.LivePage{Kind: pg.Kind, Number: pg.Number, Body: body})
		if err := fn(body); err != nil {
			return false, err
		}
	}
	if sum := hex.EncodeToString(h.Sum(nil)); sum != man.DevicesSHA256 {
		return false, fmt.Errorf("snapshot %s: the device pages' digest is %s, the manifest says %s; pull again with --force", dir, sum, man.DevicesSHA256)
	}
	return true, nil
}
