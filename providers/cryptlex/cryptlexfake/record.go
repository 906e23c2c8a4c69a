package cryptlexfake

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/licentric/licentric-sync/providers/live/livefake"
)

// record answers GET /v3/licenses/{id}, the license object compare
// judges (the compare row of docs/platforms.md): the object as the list
// holds it, or 404 {"message"} for an id Cryptlex does not have.
func record(s *livefake.Server, r *http.Request) ([]byte, int, bool) {
	id, ok := strings.CutPrefix(r.URL.Path, base+"/licenses/")
	if !ok || id == "" || strings.Contains(id, "/") {
		return nil, 0, false
	}
	for _, raw := range s.Licenses {
		var l struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(raw, &l) == nil && l.ID == id {
			return raw, http.StatusOK, true
		}
	}
	return livefake.MustJSON(map[string]string{"message": "License not found."}), http.StatusNotFound, true
}

// withKey are the licenses the key[eq] filter keeps: those whose key is
// exactly key (all of them when key is "", no filter).
func withKey(s *livefake.Server, key string) []json.RawMessage {
	if key == "" {
		return s.Licenses
	}
	var out []json.RawMessage
	for _, raw := range s.Licenses {
		var l struct {
			Key string `json:"key"`
		}
		if json.Unmarshal(raw, &l) == nil && l.Key == key {
			out = append(out, raw)
		}
	}
	return out
}
