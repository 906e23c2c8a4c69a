package lemonsqueezy

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/licentric/licentric-sync/compare"
	"github.com/licentric/licentric-sync/providers/platform"
)

// validator is LemonSqueezy's License API validate (see the compare row
// of docs/platforms.md): POST /licenses/validate with license_key and no
// instance_id, which reads the key and activates nothing. Its answer is
// decided on valid (inactive and active keys are valid; expired and
// disabled are not) and explained by license_key.status; failures are
// told by HTTP status alone, never by the error text: 404 is a key
// LemonSqueezy does not know (invalid), 400 and 422 mean our request was
// wrong, which is no answer about the key (unknown).
var validator = &platform.Validator{
	Calls: "LemonSqueezy: POST /licenses/validate (License API, no instance_id: reads the key, activates nothing; 60/min)",
	// The License API's own limit, below the REST API's 300/min.
	PerMinute: 60,
	Check:     validateKey,
}

func validateKey(ctx context.Context, a platform.Asker, s platform.Subject) (platform.Verdict, error) {
	status, body, err := a.Ask(ctx, platform.Request{Method: http.MethodPost, Path: "/licenses/validate",
		Form: url.Values{"license_key": {string(s.Key)}}, Accept: "application/json"})
	if err != nil {
		return platform.Verdict{}, err
	}
	switch status {
	case http.StatusNotFound:
		return platform.Verdict{Outcome: compare.Invalid, Code: "not found"}, nil
	case http.StatusOK:
	default:
		return platform.Verdict{}, fmt.Errorf("POST /licenses/validate: HTTP %d: the request was refused, which says nothing about the key", status)
	}
	var doc struct {
		Valid      *bool `json:"valid"`
		LicenseKey struct {
			Status string `json:"status"`
		} `json:"license_key"`
	}
	if json.Unmarshal(body, &doc) != nil || doc.Valid == nil {
		return platform.Verdict{}, fmt.Errorf("POST /licenses/validate: HTTP 200 without a boolean valid")
	}
	return platform.Answer(*doc.Valid, doc.LicenseKey.Status), nil
}
