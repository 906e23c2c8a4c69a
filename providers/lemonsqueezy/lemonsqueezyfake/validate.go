package lemonsqueezyfake

import (
	"encoding/json"
	"net/http"

	"github.com/licentric/licentric-sync/providers/live/livefake"
)

// LemonSqueezy's License API validate as its documentation states it
// (the compare row of docs/platforms.md): POST /v1/licenses/validate,
// a form with license_key (and an optional instance_id the tool never
// sends); a missing key is 422, an unknown one 404
// {"valid": false, "error": "license_key not found."}; a known one 200
// with valid (true for inactive and active keys, false for expired and
// disabled), error null, the license_key object and meta. Errors are
// plain {"error"} documents, not JSON:API.

// licenseValidate answers POST /v1/licenses/validate.
func licenseValidate(s *livefake.Server, r *http.Request) ([]byte, int) {
	if r.Method != http.MethodPost {
		return s.NotFound(r)
	}
	key := r.PostFormValue("license_key")
	if key == "" {
		return livefake.MustJSON(map[string]any{"error": "The license key field is required."}), http.StatusUnprocessableEntity
	}
	for _, raw := range s.Licenses {
		var l struct {
			ID         json.Number    `json:"id"`
			Attributes map[string]any `json:"attributes"`
		}
		if json.Unmarshal(raw, &l) != nil || l.Attributes["key"] != key {
			continue
		}
		a := l.Attributes
		status, _ := a["status"].(string)
		lk := map[string]any{"id": l.ID, "status": status, "key": key, "activation_limit": a["activation_limit"],
			"activation_usage": a["instances_count"], "created_at": a["created_at"], "expires_at": a["expires_at"]}
		meta := map[string]any{"store_id": a["store_id"], "order_item_id": a["order_item_id"], "product_id": a["product_id"],
			"customer_name": a["user_name"], "customer_email": a["user_email"]}
		valid := status == "active" || status == "inactive"
		return livefake.MustJSON(map[string]any{"valid": valid, "error": nil, "license_key": lk, "instance": nil, "meta": meta}), http.StatusOK
	}
	return livefake.MustJSON(map[string]any{"valid": false, "error": "license_key not found."}), http.StatusNotFound
}
