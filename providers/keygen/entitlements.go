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
func entitlementCodes(res *tabular.Resource, look *tabular.Lookup, r *providers.Record) ([]dangling, error) {
	links, ok, err := res.RelatedList("entitlements")
	if err != nil {
		return nil, fmt.Errorf("license %s: relationships.entitlements.data is not a list of {type, id}: %w", res.ID, err)
	}
	if !ok {
		return nil, nil
	}
	codes := make([]string, 0, len(links))
	var missing []dangling
	for _, l := range links {
		e, found := look.Get(l.Type, l.ID)
		if !found {
			missing = append(missing, dangling{"entitlement", l.Type, l.ID})
			continue
		}
		code, _ := e.Attr("code")
		codes = append(codes, code)
	}
	b, _ := json.Marshal(codes)
	r.Put(providers.FEntitlements, string(b))
	return missing, nil
}
