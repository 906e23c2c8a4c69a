package live

import (
	"context"
)

// Devices reads every page of the platform's device list (its
// descriptor's Live.Devices) and hands each body to fn; read reports
// false when there is none to read: the platform lists no devices, or
// the source is read from a pulled snapshot, which holds its licenses
// only.
func (p *Pager) Devices(ctx context.Context, fn func(body []byte) error) (read bool, err error) {
	if p.api.Devices == nil || p.opts.Snapshot != "" {
		return false, nil
	}
	p.token = ""
	if err := p.loadToken(); err != nil {
		return false, err
	}
	return true, p.api.Devices(ctx, p, fn)
}
