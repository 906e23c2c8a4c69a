package livefake

import (
	"fmt"
	"strings"
)

// This file is what the platforms' generators share: the key and expiry
// of generated license i, and JSON:API resources.

// Key is generated license i's key on the platform named name: two
// letters of the name, the number and a check value.
func Key(name string, i int) string {
	return fmt.Sprintf("%s-%08d-%04X", strings.ToUpper(name[:2]), i, (i*7919)%65536)
}

// Expiry is generated license i's expiry: spread over ten years.
func Expiry(i int) string { return fmt.Sprintf("20%02d-06-01T00:00:00.000Z", 27+i%10) }

// SourceID is generated record i's number as platforms without UUIDs
// write it.
func SourceID(i int) string { return fmt.Sprintf("%d", 100000+i) }

// APIResource is a JSON:API resource with its members in the order
// Keygen writes them (id, type, attributes, relationships).
type APIResource struct {
	ID            string         `json:"id"`
	Type          string         `json:"type"`
	Attributes    map[string]any `json:"attributes"`
	Relationships map[string]any `json:"relationships,omitempty"`
}

// Resource is a resource without relationships.
func Resource(typ, id string, attrs map[string]any) APIResource {
	return APIResource{ID: id, Type: typ, Attributes: attrs}
}

// Rel is a to-one relationship to typ/id.
func Rel(typ, id string) map[string]any {
	return map[string]any{"data": map[string]string{"type": typ, "id": id}}
}
