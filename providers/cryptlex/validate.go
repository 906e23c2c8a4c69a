package cryptlex

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/licentric/licentric-sync/compare"
	"github.com/licentric/licentric-sync/providers/platform"
)

// validator judges a Cryptlex license from its record (see the compare
// row of docs/platforms.md). Cryptlex has no server call that validates
// a key: validity is a signed activation token the app checks on the
// device, and POST /activations would create an activation. So the
// license is read (GET /licenses/{id}, a read that changes nothing) and
// judged as LexActivator would decide it: revoked, suspended or expired
// is invalid, anything else valid. That is the tool's judgement, not the
// platform's answer, and the report says so.
var validator = &platform.Validator{
	Calls:  "Cryptlex: GET /licenses/{id} (a read; changes nothing). Cryptlex has no server-side validate: revoked, suspended or expired is judged invalid, else valid",
	Judged: true,
	Check:  judge,
}

func judge(ctx context.Context, a platform.Asker, s platform.Subject) (platform.Verdict, error) {
	if s.ID == "" {
		return platform.Verdict{}, fmt.Errorf("no Cryptlex license id for this key (it is in the validation log but in no source): its record cannot be read")
	}
	status, body, err := a.Ask(ctx, platform.Request{Method: http.MethodGet, Path: "/licenses/" + url.PathEscape(s.ID)})
	if err != nil {
		return platform.Verdict{}, err
	}
	if status == http.StatusNotFound {
		return platform.Verdict{Outcome: compare.Invalid, Code: "not found"}, nil
	}
	var rec struct {
		Revoked   *bool      `json:"revoked"`
		Suspended *bool      `json:"suspended"`
		ExpiresAt *time.Time `json:"expiresAt"`
	}
	if status != http.StatusOK || json.Unmarshal(body, &rec) != nil || rec.Revoked == nil || rec.Suspended == nil {
		return platform.Verdict{}, fmt.Errorf("GET /licenses/{id}: HTTP %d without revoked and suspended", status)
	}
	switch {
	case *rec.Revoked:
		return platform.Verdict{Outcome: compare.Invalid, Code: "revoked"}, nil
	case *rec.Suspended:
		return platform.Verdict{Outcome: compare.Invalid, Code: "suspended"}, nil
	case rec.ExpiresAt != nil && rec.ExpiresAt.Before(time.Now()):
		return platform.Verdict{Outcome: compare.Invalid, Code: "expired"}, nil
	}
	return platform.Verdict{Outcome: compare.Valid, Code: "judged valid"}, nil
}
