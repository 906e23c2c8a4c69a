package tabular

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
)

// Relationship lists. A platform may list one resource's to-many
// relationship on its own (Keygen: GET /policies/{id}/entitlements, the
// entitlements a policy grants, and GET /licenses/{id}/entitlements,
// a license's, each shown on the resource as a link only). Such a page says whose list it is only in its links.self, the
// request's own path ending /{type}/{id}/{relationship}. Its items are
// filed as any related resource, and the list is kept under its owner
// and relationship, so a license can take what its policy grants
// (License.ListOf; the lists are kept in the JSON index beside the
// resources, jsonindex.Related). An empty page still says the owner has none: a
// policy with no entitlements is a known empty list, not an unknown one.

// listKey names one resource's to-many relationship.
type listKey struct{ typ, id, rel string }

// listOwner is the relationship a page of related resources lists, from
// the links.self of each of its pages; ok is false when no page names one
// (a plain list such as /users), or one not among Spec.Lists. Pages of
// several owners in one file are an error: each list needs its own file.
func (s *Source) listOwner(doc *jsonindex.Doc, label string) (key listKey, ok bool, err error) {
	links := []json.RawMessage{doc.Top["links"]}
	if len(doc.Pages) > 0 {
		links = links[:0]
		for _, p := range doc.Pages {
			links = append(links, p.Links)
		}
	}
	for i, raw := range links {
		k, named := s.listOfLinks(raw)
		switch {
		case i == 0:
			key, ok = k, named
		case named != ok || k != key:
			return listKey{}, false, fmt.Errorf("%s: its pages list the %s of different resources (links.self); give each resource's list its own file",
				label, cmp.Or(key.rel, k.rel)) // the page that names one (the first may be a plain list)
		}
	}
	return key, ok, nil
}

// listOfLinks reads the owner and relationship from links.self.
func (s *Source) listOfLinks(raw json.RawMessage) (listKey, bool) {
	var links struct {
		Self string `json:"self"`
	}
	if len(raw) == 0 || json.Unmarshal(raw, &links) != nil || links.Self == "" {
		return listKey{}, false
	}
	u, err := url.Parse(links.Self)
	if err != nil {
		return listKey{}, false
	}
	parts := strings.Split(strings.TrimRight(u.Path, "/"), "/")
	if len(parts) < 3 {
		return listKey{}, false
	}
	k := listKey{typ: parts[len(parts)-3], id: parts[len(parts)-2], rel: parts[len(parts)-1]}
	if k.id == "" || !slices.Contains(s.spec.Lists, k.typ+"/"+k.rel) {
		return listKey{}, false
	}
	return k, true
}

// index is the key the JSON index keeps the list under.
func (k listKey) index() jsonindex.ListKey {
	return jsonindex.ListKey{Type: k.typ, ID: k.id, Rel: k.rel}
}
