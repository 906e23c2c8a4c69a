package jsonindex

import "encoding/json"

// Ref is one (type, id) of a to-many relationship.
type Ref struct{ Type, ID string }

// RelatedList returns the linkages of a to-many relationship
// ({"data": [{type, id}, …]}); ok is false when the relationship is
// absent or carries no data array (links only, as Keygen's list pages
// show a license's entitlements), and an error when data is not a list
// of linkages.
func (r *Resource) RelatedList(name string) (out []Ref, ok bool, err error) {
	raw, found := lookup(r.rels, name)
	if !found {
		return nil, false, nil
	}
	var rel struct {
		Data json.RawMessage `json:"data"`
	}
	if json.Unmarshal(raw, &rel) != nil || len(rel.Data) == 0 || rel.Data[0] != '[' {
		return nil, false, nil
	}
	var items []Ref
	if err := json.Unmarshal(rel.Data, &items); err != nil {
		return nil, true, err
	}
	return items, true, nil
}
