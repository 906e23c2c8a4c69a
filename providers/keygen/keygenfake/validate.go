package keygenfake

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/licentric/licentric-sync/providers/live/livefake"
)

// Keygen's quick validation as keygen-sh/keygen-api answers it (the
// compare row of docs/platforms.md): GET /licenses/{id}/actions/validate,
// the id or the key (FindByAliasService with aliases: :key), behind the
// token; a license neither names is a 404 error document; else 200 with
// the license and meta {ts, valid, detail, code}, in the check order of
// LicenseValidationService without scope: a banned owner, suspended,
// then expired (valid=false under the default RESTRICT_ACCESS
// strategy; expired on the fake's clock, livefake.Server.Now, so a test
// pins the date). validate-key (POST …/actions/validate-key) is not
// served: compare must never call it, and a call would show as a 404.

// validatePath reports whether path is a quick validation and of which
// license id or key.
func validatePath(path string) (string, bool) {
	rest, ok := strings.CutPrefix(path, base+"/licenses/")
	if !ok {
		return "", false
	}
	id, ok := strings.CutSuffix(rest, "/actions/validate")
	return id, ok && id != "" && !strings.Contains(id, "/")
}

// quickValidate answers GET /licenses/{id}/actions/validate.
func quickValidate(s *livefake.Server, r *http.Request, id string) ([]byte, int) {
	if r.Method != http.MethodGet {
		return s.NotFound(r)
	}
	for _, raw := range s.Licenses {
		var l struct {
			ID         string `json:"id"`
			Attributes struct {
				Key       string `json:"key"`
				Status    string `json:"status"`
				Suspended bool   `json:"suspended"`
				Expiry    string `json:"expiry"`
			} `json:"attributes"`
		}
		if json.Unmarshal(raw, &l) != nil || (l.ID != id && l.Attributes.Key != id) {
			continue
		}
		now := s.Time()
		valid, detail, code := true, "is valid", "VALID"
		expiry, err := time.Parse(time.RFC3339, l.Attributes.Expiry)
		switch {
		case l.Attributes.Status == "BANNED":
			valid, detail, code = false, "is banned", "BANNED"
		case l.Attributes.Suspended:
			valid, detail, code = false, "is suspended", "SUSPENDED"
		case err == nil && expiry.Before(now):
			valid, detail, code = false, "is expired", "EXPIRED"
		}
		meta := map[string]any{"ts": now.UTC().Format(time.RFC3339Nano), "valid": valid, "detail": detail, "code": code}
		return livefake.MustJSON(map[string]any{"data": json.RawMessage(raw), "meta": meta}), http.StatusOK
	}
	return errorBody(http.StatusNotFound, "NOT_FOUND", "The requested license '"+id+"' was not found"), http.StatusNotFound
}
