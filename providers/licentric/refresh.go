package licentric

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"strings"

	"github.com/licentric/licentric-sync/providers/licentric/view"
)

// Refreshed is a full read of the account not yet kept, with how it
// differs from the view: what `refresh` decides on before keeping it.
type Refreshed struct {
	// Before is how many licenses the view held; After, the account now.
	Before, After int
	// Changed, Appeared and Gone count licenses that differ from the
	// view, are new to it, or are no longer in the account: drift made
	// outside this tool (the dashboard, another tool) since the view.
	Changed, Appeared, Gone int
	// OtherAccount is true when this read is of another account than
	// the view's (see sameAccount); ViewAccount and ReadAccount name both.
	OtherAccount             bool
	ViewAccount, ReadAccount string
	// Digest names exactly this read, for refresh --ack.
	Digest string
	kept   *view.Account
	reader *accountReader
}

// ReadWhole reads the whole account and compares it with the view,
// keeping nothing yet (see Keep).
func (t *Target) ReadWhole(ctx context.Context) (*Refreshed, error) {
	if !t.viewed() {
		return nil, errors.New("licentric: refresh needs the view (UseView)")
	}
	r, a, err := t.readWhole(ctx, nil)
	if err != nil {
		return nil, err
	}
	m, err := t.kept.v.Meta(ctx)
	if err != nil {
		return nil, err
	}
	out := &Refreshed{Before: m.Licenses, After: len(a.Licenses), OtherAccount: !t.sameAccount(m, a.ID),
		ViewAccount: m.AccountLabel, ReadAccount: a.Label, kept: a, reader: r}
	t.kept.other = out.OtherAccount // counted only once Keep makes it the view's
	was := map[string][]byte{}
	err = t.kept.v.Load(ctx, func([]byte) error { return nil }, func([]byte) error { return nil }, func(l view.License) error {
		was[l.ID] = withoutCreated(l.Object)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, l := range a.Licenses {
		old, ok := was[l.ID]
		switch {
		case !ok:
			out.Appeared++
		case string(old) != string(withoutCreated(l.Object)):
			out.Changed++
		}
		delete(was, l.ID)
	}
	out.Gone = len(was)
	out.Digest = readDigest(t.kept.account, a)
	return out, nil
}

// Keep installs a read made by ReadWhole in the view.
func (t *Target) Keep(ctx context.Context, r *Refreshed) error {
	if err := t.keep(ctx, r.kept); err != nil {
		return err
	}
	t.kept.other = false
	t.ids.replace(r.reader.products, r.reader.policies, r.reader.licenses)
	return nil
}

// readDigest names a read by the account and every license object in it,
// in id order: two reads of an account that did not change agree.
func readDigest(account string, a *view.Account) string {
	objs := make([]string, len(a.Licenses))
	for i, l := range a.Licenses {
		objs[i] = l.ID + "\x00" + string(l.Object)
	}
	slices.Sort(objs)
	h := sha256.New()
	h.Write([]byte(account + "\x00"))
	h.Write([]byte(strings.Join(objs, "\x00")))
	return hex.EncodeToString(h.Sum(nil))[:16]
}
