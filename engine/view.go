package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/gitignore"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/licentric"
	"github.com/licentric/licentric-sync/providers/licentric/view"
)

// A Licentric account is read once and then kept (providers/licentric/view):
// plan and apply use the view while it is younger than
// target.licentric.refresh; verify and list always read the account whole.
// A local store keeps no view: reading it is free.

// attachView gives a Licentric target its view: to plan from when the
// operation does (e.KeepView), else only to count its requests in the
// month's total (verify and list read the account whole, keep nothing).
func (e *Engine) attachView(t *licentric.Target, lt *config.LicentricTarget) error {
	if lt.ViewPath == "" {
		return nil
	}
	display := e.Display(lt.ViewPath)
	v, err := view.Open(lt.ViewPath, display)
	if err != nil {
		return err
	}
	gitignore.Warn(e.Log, lt.ViewPath, display, "the view of the Licentric account (keys as keyed digests, licenses sealed) with its key beside it")
	if !e.KeepView {
		t.CountInView(v, e.clockNow)
		return nil
	}
	t.UseView(v, lt.Refresh, e.ReadNow, e.clockNow)
	if !lt.Recheck {
		t.NoRecheck()
	}
	return nil
}

// targetOptions are the plan options for t, with how t is kept.
func (e *Engine) targetOptions(t providers.Target) plan.Options {
	o := e.planOptions(t.Capabilities())
	if lt, ok := t.(*licentric.Target); ok {
		_, _, o.View = lt.ViewState()
		o.NoRecheck = o.View && !lt.Rechecks()
	}
	return o
}

// viewNotes put in the plan what its target was read from and what the
// account's requests cost: this run, this month, the drift schedule.
func (e *Engine) viewNotes(t providers.Target, p *plan.Plan) {
	lt, ok := t.(*licentric.Target)
	if !ok {
		return
	}
	fromView, m, kept := lt.ViewState()
	if !kept {
		return
	}
	if fromView {
		p.TargetAsOf = &plan.ViewRead{ReadAt: m.ReadAt.UTC().Truncate(time.Second), WritesSince: m.Writes}
	}
	// These change from run to run, so they are shown, never checksummed
	// (a plan made now and applied from the view later is the same plan).
	sent := int(lt.Requests())
	month, monthTotal := e.clockNow().Format("2006-01"), sent
	if m.Month == month {
		monthTotal += m.MonthRequests
	}
	p.Quota = &plan.Requests{ThisPlan: sent, Apply: p.Estimate.Requests, Month: month, MonthTotal: monthTotal,
		Schedule: DriftMonthlyRequests(m.Licenses), Licenses: m.Licenses}
}

// DriftMonthlyRequests is what examples/ci/drift.yml costs a month on an
// account of n licenses when nothing changes: its hourly apply plans from
// the view (no request), and once a day refresh and verify each list the
// account (a page per 100 licenses, plus a page of products and one of
// policies). Verify's sampled validate-key calls are on their own tier and
// not counted. TestDriftScheduleCost measures it against the workflow.
func DriftMonthlyRequests(n int) int {
	pages := (n+99)/100 + 2
	return 30 * 2 * pages
}

// RefreshBlockedError says a refresh found the account suddenly smaller
// than the view, or found another account than the view's: a wrong API
// key or URL looks like "everything deleted". The CLI exits 3 with it;
// refresh --ack Digest keeps exactly that read.
type RefreshBlockedError struct {
	Before, After int
	// OtherAccount is true when the read is of another account than the
	// view's; ViewAccount and ReadAccount name both (never a key).
	OtherAccount             bool
	ViewAccount, ReadAccount string
	Digest                   string
	AckMismatch              string
}

// Error says how far the account shrank or which account was read, why
// that is suspicious, and how to accept it.
func (b *RefreshBlockedError) Error() string {
	msg := fmt.Sprintf("refresh blocked: the account holds %d licenses, the view %d (%.1f %% fewer, over the 5 %% a refresh accepts by itself); nothing was kept",
		b.After, b.Before, 100*float64(b.Before-b.After)/float64(max(b.Before, 1)))
	if b.OtherAccount {
		msg = fmt.Sprintf("refresh blocked: this read (%d licenses) is of another account than the view's (%d licenses); nothing was kept", b.After, b.Before)
		was := b.ViewAccount
		if was == "" {
			was = "an account read with another API key or URL"
		}
		msg += fmt.Sprintf("\nThe view was read from %s; this read is of %s: check $LICENTRIC_API_KEY (or target.licentric.api_key_env) and target.licentric.url", was, b.ReadAccount)
	}
	msg += "\nA wrong key or account looks like everything deleted. If this really is the account now, keep exactly this read with: licentric-sync refresh --ack " + b.Digest
	if b.AckMismatch != "" {
		msg = fmt.Sprintf("--ack %s does not match this read (%s): the account changed since\n%s", b.AckMismatch, b.Digest, msg)
	}
	return msg
}

// shrank reports whether the account lost more than MaxShrinkPercent of
// the view's licenses.
func (b *RefreshBlockedError) shrank() bool {
	return b.Before > 0 && (b.Before-b.After)*100 > MaxShrinkPercent*b.Before
}

// OtherAccountError is a plan or apply that reaches another Licentric
// account than the one its view was read from: it stops (exit 3) before
// reading that account whole or replacing the view.
type OtherAccountError = licentric.OtherAccountError

// MaxShrinkPercent is how far the account may shrink between refreshes
// before a refresh blocks.
const MaxShrinkPercent = 5

// Refresh reads the whole account of t and keeps it as the view, unless
// it shrank by more than MaxShrinkPercent and ack is not this read's
// digest. A local store needs no refresh.
func (e *Engine) Refresh(ctx context.Context, t providers.Target, ack string) (*licentric.Refreshed, error) {
	lt, ok := t.(*licentric.Target)
	if !ok {
		return nil, fmt.Errorf("%s: the target is %s, which needs no refresh: reading it is free, so every plan reads it whole", e.Config.File, t.Capabilities().Description)
	}
	r, err := lt.ReadWhole(ctx)
	if err != nil {
		return nil, err
	}
	b := &RefreshBlockedError{Before: r.Before, After: r.After, OtherAccount: r.OtherAccount,
		ViewAccount: r.ViewAccount, ReadAccount: r.ReadAccount, Digest: r.Digest}
	if (b.shrank() || b.OtherAccount) && ack != r.Digest {
		if ack != "" {
			b.AckMismatch = ack
		}
		return r, b
	}
	return r, lt.Keep(ctx, r)
}
