package keygen

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/licentric/licentric-sync/compare"
	"github.com/licentric/licentric-sync/providers/platform"
)

// validator is Keygen's quick validation (see the compare row of
// docs/platforms.md): GET /licenses/{id}/actions/validate, which
// ValidationsController#quick_validate_by_id answers with the license's
// validity and emits no event. It needs the token, refreshes
// lastValidatedAt, and skips every scope check (a fingerprint is not
// asked). validate-key (POST /licenses/actions/validate-key) is never
// called: it emits license.validation.* events, and the first one fixes
// the expiry of a FROM_FIRST_VALIDATION policy's license.
var validator = &platform.Validator{
	Calls: "Keygen: GET /licenses/{id}/actions/validate (quick validation: no event or webhook, never starts a " +
		"FROM_FIRST_VALIDATION expiry; refreshes the license's lastValidatedAt)",
	Check: quickValidate,
}

// quickValidate asks by the license's id, or by its key where no source
// read the id (Keygen finds a license by either). valid decides; the
// code explains (EXPIRED comes with valid=true under MAINTAIN_ACCESS).
func quickValidate(ctx context.Context, a platform.Asker, s platform.Subject) (platform.Verdict, error) {
	id := s.ID
	if id == "" {
		id = string(s.Key)
	}
	status, body, err := a.Ask(ctx, platform.Request{Method: http.MethodGet, Path: "/licenses/" + url.PathEscape(id) + "/actions/validate"})
	if err != nil {
		return platform.Verdict{}, err
	}
	if status == http.StatusNotFound {
		return platform.Verdict{Outcome: compare.Invalid, Code: "NOT_FOUND"}, nil
	}
	var doc struct {
		Meta struct {
			Valid *bool  `json:"valid"`
			Code  string `json:"code"`
		} `json:"meta"`
	}
	if status != http.StatusOK || json.Unmarshal(body, &doc) != nil || doc.Meta.Valid == nil {
		return platform.Verdict{}, fmt.Errorf("quick validation answered HTTP %d without meta.valid", status)
	}
	return platform.Answer(*doc.Meta.Valid, doc.Meta.Code), nil
}
