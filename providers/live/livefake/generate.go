package livefake

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Generate fills a fake with n synthetic licenses in the platform's API
// shape, spread over a few products and policies, with owners, so the
// benchmark and paging tests need no large fixture.
func Generate(platform, token string, n int) *Server {
	s := &Server{Platform: platform, Token: token, Included: map[string]json.RawMessage{}}
	add := func(v any) json.RawMessage { return json.RawMessage(mustJSON(v)) }
	for p := 0; p < 3; p++ {
		switch platform {
		case "keygen":
			s.Included["products/"+KeygenID("products", p)] = add(resource("products", KeygenID("products", p), map[string]any{"name": fmt.Sprintf("Product %d", p)}))
			s.Included["policies/"+KeygenID("policies", p)] = add(resource("policies", KeygenID("policies", p), map[string]any{"name": fmt.Sprintf("Policy %d", p)}))
		case "cryptlex":
			s.Products = append(s.Products, add(map[string]any{"id": fmt.Sprintf("prod-%d", p), "name": fmt.Sprintf("Product %d", p)}))
		}
	}
	for i := 0; i < n; i++ {
		s.Licenses = append(s.Licenses, add(license(platform, i)))
		id := fmt.Sprintf("%d", 100000+i)
		switch platform {
		case "keygen":
			s.Included["users/"+KeygenID("users", i)] = add(resource("users", KeygenID("users", i), map[string]any{"email": "user" + id + "@example.com",
				"fullName": "User " + id, "status": "ACTIVE", "role": "user", "created": "2024-01-01T00:00:00.000Z"}))
		case "lemonsqueezy":
			s.Included["order-items/"+id] = add(resource("order-items", id, map[string]any{"product_name": fmt.Sprintf("Product %d", i%3),
				"variant_name": "Standard", "variant_id": 7}))
		}
	}
	if platform == "lemonsqueezy" {
		// LemonSqueezy lists newest first (id descending), so a sale
		// lands on page 1: served in this order, the fake does the same.
		slices.Reverse(s.Licenses)
	}
	return s
}

// KeygenID is the id of the fake's n-th generated resource of typ: a
// UUID, as Keygen's ids are (its cursors must be), in the order of n.
func KeygenID(typ string, n int) string {
	kind := map[string]int{"licenses": 1, "users": 2, "policies": 3, "products": 4}[typ]
	return fmt.Sprintf("%08x-0000-4000-8000-%012x", kind, n)
}

// apiResource is a JSON:API resource with its members in the order
// Keygen writes them (id, type, attributes, relationships).
type apiResource struct {
	ID            string         `json:"id"`
	Type          string         `json:"type"`
	Attributes    map[string]any `json:"attributes"`
	Relationships map[string]any `json:"relationships,omitempty"`
}

func resource(typ, id string, attrs map[string]any) apiResource {
	return apiResource{ID: id, Type: typ, Attributes: attrs}
}

func rel(typ, id string) map[string]any {
	return map[string]any{"data": map[string]string{"type": typ, "id": id}}
}

// license is license i in the platform's shape.
func license(platform string, i int) any {
	id := fmt.Sprintf("%d", 100000+i)
	key := fmt.Sprintf("%s-%08d-%04X", strings.ToUpper(platform[:2]), i, (i*7919)%65536)
	expiry := fmt.Sprintf("20%02d-06-01T00:00:00.000Z", 27+i%10)
	switch platform {
	case "keygen":
		return apiResource{Type: "licenses", ID: KeygenID("licenses", i),
			Attributes: map[string]any{"key": key, "name": nil, "expiry": expiry, "status": "ACTIVE", "suspended": i%50 == 0,
				"maxMachines": 1 + i%5, "metadata": map[string]any{"n": i}, "created": "2024-01-02T03:04:05.000Z"},
			Relationships: map[string]any{"policy": rel("policies", KeygenID("policies", i%3)),
				"product": rel("products", KeygenID("products", i%3)), "owner": rel("users", KeygenID("users", i))}}
	case "cryptlex":
		return map[string]any{"id": "lic-" + id, "key": key, "revoked": false, "suspended": i%50 == 0, "allowedActivations": 1 + i%5,
			"totalActivations": 0, "expiresAt": expiry, "productId": fmt.Sprintf("prod-%d", i%3), "createdAt": "2024-01-02T03:04:05.000Z",
			"user":     map[string]any{"email": "user" + id + "@example.com", "firstName": "User", "lastName": id},
			"metadata": []map[string]any{{"key": "n", "value": fmt.Sprint(i)}}}
	}
	return map[string]any{"type": "license-keys", "id": id,
		"attributes": map[string]any{"store_id": 1, "order_item_id": 100000 + i, "product_id": i % 3, "user_name": "User " + id,
			"user_email": "user" + id + "@example.com", "key": key, "key_short": "XXXX-" + key[len(key)-4:], "activation_limit": 1 + i%5,
			"instances_count": 0, "disabled": false, "status": "active", "expires_at": expiry, "created_at": "2024-01-02T03:04:05.000000Z",
			"test_mode": false}}
}
