package licentric

import (
	"context"
	"fmt"
	"net/url"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/licentricapi"
	"github.com/licentric/licentric-sync/providers/devices"
)

// machine is the part of a Licentric machine the carry reads.
type machine struct {
	ID          string `json:"id"`
	Fingerprint string `json:"fingerprint"`
}

// activation is POST /machines' body (docs/licentric-api.md, Machines).
type activation struct {
	Fingerprint string `json:"fingerprint"`
	Name        string `json:"name,omitempty"`
	Platform    string `json:"platform,omitempty"`
	Hostname    string `json:"hostname,omitempty"`
}

var _ devices.Activator = (*Target)(nil)

// Machines lists the fingerprints active on the license that holds key
// (GET /machines?licenseId=, management tier), so a resumed carry skips
// what an earlier run activated.
func (t *Target) Machines(ctx context.Context, key license.Key) (map[string]bool, error) {
	if err := t.ensureIDs(ctx); err != nil {
		return nil, err
	}
	id, ok := t.ids.license(key)
	if !ok {
		return nil, fmt.Errorf("machines of %s: the license is not on the target; run apply for the licenses first", key.Ref())
	}
	out := map[string]bool{}
	q := url.Values{"licenseId": {id}, "limit": {fmt.Sprint(pageSize)}}
	for {
		var page struct {
			Data       []machine               `json:"data"`
			Pagination licentricapi.Pagination `json:"pagination"`
		}
		if err := t.c.do(ctx, call{method: "GET", path: "/machines", query: q}, &page); err != nil {
			return nil, fmt.Errorf("machines of %s: %w", key.Ref(), err)
		}
		for _, m := range page.Data {
			out[m.Fingerprint] = true
		}
		p := page.Pagination
		if !p.HasMore || p.NextCursor == nil || *p.NextCursor == q.Get("cursor") {
			return out, nil
		}
		q.Set("cursor", *p.NextCursor)
	}
}

// Activate activates a device with the license key (POST /machines,
// License auth, the activation tier's own pacing). An answer that says
// the fingerprint is active on the license already (activeAlready, an
// assumption) is an earlier run's activation whose answer was lost.
func (t *Target) Activate(ctx context.Context, key license.Key, d devices.Device) (bool, error) {
	body := activation{Fingerprint: d.Fingerprint, Name: d.Name, Platform: machinePlatform(d.Platform), Hostname: d.Hostname}
	err := t.c.do(ctx, call{method: "POST", path: "/machines", body: body, license: key}, nil)
	switch {
	case err == nil:
		return true, nil
	case activeAlready(err):
		return false, nil
	case atMachineLimit(err):
		err = fmt.Errorf("%w (%v)", devices.ErrMachineLimit, err)
	}
	return false, fmt.Errorf("activate a machine (%s) on %s: %w", license.Ref("fingerprint", d.Fingerprint), key.Ref(), err)
}
