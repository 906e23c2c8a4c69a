package license

import (
	"fmt"
	"strings"
)

// Status is a license's lifecycle state in Licentric's vocabulary. Every
// source platform's status words are mapped onto this set before planning.
type Status string

// The five statuses Licentric knows.
const (
	Active    Status = "active"
	Suspended Status = "suspended"
	Expired   Status = "expired"
	Revoked   Status = "revoked"
	Banned    Status = "banned"
)

// Statuses lists every valid status in a fixed order, for help texts and
// for sampling one group per status.
var Statuses = []Status{Active, Suspended, Expired, Revoked, Banned}

// ParseStatus accepts a Licentric status name in any letter case, so that
// exports written as "ACTIVE" or "Suspended" need no statuses: map.
func ParseStatus(s string) (Status, bool) {
	st := Status(strings.ToLower(strings.TrimSpace(s)))
	for _, v := range Statuses {
		if v == st {
			return st, true
		}
	}
	return "", false
}

// Terminal reports whether Licentric allows no way out of the status.
func (s Status) Terminal() bool { return s == Revoked || s == Banned }

// StatusAction names the lifecycle call that moves a license between two
// statuses. The plan records it so reviewers see "suspend", not a field edit.
type StatusAction string

// The status actions. Expire is our own name for letting an active or
// suspended license lapse; Licentric does it itself when expiresAt passes.
const (
	Suspend   StatusAction = "suspend"
	Reinstate StatusAction = "reinstate"
	Revoke    StatusAction = "revoke"
	Expire    StatusAction = "expire"
)

// TransitionError explains why the target would refuse a status change, so
// the plan can report it instead of attempting it.
type TransitionError struct {
	From, To Status
}

// Error says which transition Licentric forbids and why.
func (e *TransitionError) Error() string {
	if e.From.Terminal() {
		return fmt.Sprintf("cannot change a %s license to %s: %s is terminal in Licentric", e.From, e.To, e.From)
	}
	if e.To == Banned {
		return fmt.Sprintf("cannot change a %s license to banned: Licentric has no action that bans an existing license", e.From)
	}
	return fmt.Sprintf("cannot change a %s license to %s: Licentric has no such transition", e.From, e.To)
}

// Transition returns the action that moves a license from one status to
// another, following Licentric's lifecycle: active↔suspended,
// expired→active, active|suspended→revoked, and active|suspended→expired
// (which happens when the expiry passes). revoked and banned are terminal.
func Transition(from, to Status) (StatusAction, error) {
	switch {
	case from == to:
		return "", nil
	case from == Active && to == Suspended:
		return Suspend, nil
	case (from == Suspended || from == Expired) && to == Active:
		return Reinstate, nil
	case (from == Active || from == Suspended) && to == Revoked:
		return Revoke, nil
	case (from == Active || from == Suspended) && to == Expired:
		return Expire, nil
	}
	return "", &TransitionError{From: from, To: to}
}
