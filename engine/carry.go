package engine

import (
	"context"
	"fmt"
	"io"

	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/devices"
)

// CarryDevices activates on the target the devices of the sources that
// say devices: carry (Planned.Devices.Carry), after the licenses were
// applied: a target that cannot activate machines is an error only when
// there is something to carry. Progress lines go to log.
func (e *Engine) CarryDevices(ctx context.Context, t providers.Target, p *Planned, log io.Writer) (devices.Carried, error) {
	held := p.Devices.Carry
	if len(held) == 0 {
		return devices.Carried{}, nil
	}
	a, ok := t.(devices.Activator)
	if !ok {
		return devices.Carried{}, fmt.Errorf("devices: carry: %s cannot activate machines; remove devices: carry or use another target", t.Capabilities().Description)
	}
	res, err := devices.Carry(ctx, a, held, func(done, total int) {
		fmt.Fprintf(log, "devices: %d of %d done\n", done, total)
	})
	if err != nil {
		return res, fmt.Errorf("devices: carry stopped after %d activated, %d found active already (run apply again to resume): %w", res.Activated, res.Already, err)
	}
	fmt.Fprintf(log, "devices: %d activated, %d active already\n", res.Activated, res.Already)
	if res.AtLimit > 0 {
		fmt.Fprintf(log, "devices: %d not activated: their license is at its machine limit on Licentric (machines activated there since the plan?)\n", res.AtLimit)
	}
	return res, nil
}
