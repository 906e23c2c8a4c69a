package devices

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// loneCap bounds what a top-level object keeps of its members to be
// tried as one device: a device is a few hundred bytes, and a larger
// object (a license export's included resources) is no device.
const loneCap = 64 << 10

// loneObject gathers the members of a top-level object that is not a
// page (it has no "data"), so that it can be tried as a device itself:
// JSON Lines of devices, or one saved alone.
type loneObject struct {
	buf     bytes.Buffer
	sawData bool
	over    bool
}

// add keeps one member (raw is its value as read).
func (o *loneObject) add(key any, raw json.RawMessage) {
	name, _ := key.(string)
	if name == "data" {
		o.sawData = true
	}
	if o.sawData || o.over {
		return
	}
	k, _ := json.Marshal(name)
	if o.buf.Len()+len(k)+len(raw)+2 > loneCap {
		o.over = true
		return
	}
	if o.buf.Len() > 0 {
		o.buf.WriteByte(',')
	}
	o.buf.Write(k)
	o.buf.WriteByte(':')
	o.buf.Write(raw)
}

// alone refuses a top-level object that is itself a device: not a page,
// yet no license either (the license reader would take JSON Lines of
// devices for licenses, or refuse them as what they are not). Devices
// are read from list pages only, whose pages prove the list whole.
func (r *pageReader) alone(pg *page, o *loneObject) error {
	if pg.devices || o.sawData || o.over {
		return nil
	}
	obj := append(append([]byte{'{'}, o.buf.Bytes()...), '}')
	if _, ok, err := r.spec.Decode(obj); err != nil || !ok {
		return nil // the license reader's (an error names an ambiguous item there too)
	}
	one := strings.TrimSuffix(r.spec.Noun, "s")
	return fmt.Errorf("%s:%d: a %s outside a list (JSON Lines, or one saved by itself); %s are read from their list's pages as the API answers them (a JSON:API page or an array), which prove the list whole: export the %s list's pages and name them in the source's path", r.shown, pg.line, one, r.spec.Noun, r.spec.Noun)
}
