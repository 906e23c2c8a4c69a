package keygen

import (
	"encoding/json"
	"fmt"

	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/tabular"
)

// entitlementCodes puts a license's entitlement codes in the record, as
// a JSON list (a Keygen code may hold commas), when its entitlements
// relationship lists them: a dump that carries the linkage, with the
// entitlements in "included" or in /entitlements pages beside it. Keygen's
// own list pages give only a link there; such a license has no codes in
// the record, so it has its policy's. An entitlement that was not read
// is returned as missing, like an owner.
func entitlementCodes(l *tabular.License, r *providers.Record) ([]dangling, error) {
	links, ok, err := l.RelatedList("entitlements")
	if err != nil {
		return nil, fmt.Errorf("license %s: relationships.entitlements.data is not a list of {type, id}: %w", l.ID, err)
	}
	if !ok {
		return nil, nil
	}
	codes := make([]string, 0, len(links))
	var missing []dangling
	for _, ref := range links {
		var e struct {
			Code tabular.Cell `json:"code"`
		}
		if found := l.Resolve(ref, &e); !found {
			missing = append(missing, dangling{"entitlement", ref.Type, ref.ID})
			continue
		}
		codes = append(codes, e.Code.Text)
	}
	b, _ := json.Marshal(codes)
	r.Put(providers.FEntitlements, string(b))
	return missing, nil
}
