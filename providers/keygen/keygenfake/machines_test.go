package keygenfake_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/licentric/licentric-sync/providers/keygen/keygenfake"
	"github.com/licentric/licentric-sync/providers/live/livefake"
)

// TestKeygenFakeMachines holds the "Devices" row: /machines is a list
// like the others (cursor pages with links.next, offset pages counted in
// links.meta), each machine naming its license by relationship.
func TestKeygenFakeMachines(t *testing.T) {
	s, get := keygenFake(t, 2)
	s.Update(func() {
		for i := range 3 {
			id := keygenfake.ID("machines", i)
			s.Included["machines/"+id] = livefake.MustJSON(livefake.APIResource{Type: "machines", ID: id,
				Attributes:    map[string]any{"fingerprint": fmt.Sprintf("fingerprint-%d", i), "created": fmt.Sprintf("2024-01-01T00:00:0%d.000Z", i)},
				Relationships: map[string]any{"license": livefake.Rel("licenses", keygenfake.ID("licenses", i%2))}})
		}
	})
	first := get("/machines?page[size]=2&page[cursor]=&order=asc")
	if first.Status != 200 || len(first.Data) != 2 || first.Data[0].Type != "machines" || string(first.Links["next"]) == "null" {
		t.Fatalf("first cursor page: %+v", first)
	}
	counted := get("/machines?page[size]=1&page[number]=1")
	var meta struct{ Count int }
	if raw, ok := counted.Links["meta"]; !ok || json.Unmarshal(raw, &meta) != nil || meta.Count != 3 {
		t.Fatalf("offset page's links.meta: %s", counted.Links["meta"])
	}
}
