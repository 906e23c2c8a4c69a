package registry_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestObjectWhereValueExpected: a field the mapping reads, written as a
// non-empty object in an export, is a row error at the export's file and
// line naming the field and the object's JSON path, on every platform's
// JSON shape; it never reads as unset (which would leave the policy's
// limit, or a required field "missing" without saying why). Objects that
// are the field's path (user.email, license.*, metadata) still read.
func TestObjectWhereValueExpected(t *testing.T) {
	const hint = " where a value was expected; write the value itself, or name the member that holds it in the source's columns: (e.g. "
	cases := []struct {
		name, platform, file, export, want string
	}{
		// Cryptlex's array of license objects, and any generic JSON list.
		{"cryptlex limit", "cryptlex", "licenses.json", "[\n{\"key\": \"K-1\", \"allowedActivations\": {\"n\": 5}}]",
			"licenses.json:2: max_machines: found a JSON object at allowedActivations (members n)" + hint + "max_machines: allowedActivations.n)"},
		{"cryptlex key", "cryptlex", "licenses.json", "[\n{\"key\": {\"value\": \"X\"}, \"allowedActivations\": 4}]",
			"licenses.json:2: key: found a JSON object at key (members value)" + hint + "key: key.value)"},
		{"cryptlex key object", "cryptlex", "licenses.json", "[\n{\"key\": {\"value\": \"X\", \"kind\": {\"a\": 1}}, \"allowedActivations\": 4}]",
			"licenses.json:2: key: found a JSON object at key (members kind, value)" + hint + "key: key.kind)"},
		{"csv limit", "csv", "licenses.json", "[\n{\"key\": \"K-1\", \"max_machines\": {\"n\": 5}}]",
			"licenses.json:2: max_machines: found a JSON object at max_machines (members n)" + hint + "max_machines: max_machines.n)"},
		{"lemonsqueezy flat limit", "lemonsqueezy", "keys.json", "[\n{\"key\": \"k-1\", \"status\": \"active\", \"activation_limit\": {\"n\": 5}}]",
			"keys.json:2: max_machines: found a JSON object at activation_limit (members n)" + hint + "max_machines: activation_limit.n)"},
		// JSON:API readers pass the object through; the mapping refuses it.
		{"keygen json:api limit", "keygen", "licenses.json", "{\"data\": [\n{\"id\": \"1\", \"type\": \"licenses\", \"attributes\": {\"key\": \"K-1\", \"maxMachines\": {\"n\": 5}}}]}",
			`licenses.json:2: attributes.maxMachines: "{\"n\":5}" is not a machine limit; use a whole number from 0 to 2147483647, or unlimited`},
		{"lemonsqueezy json:api limit", "lemonsqueezy", "keys.json", "{\"data\": [\n{\"type\": \"license-keys\", \"id\": \"1\", \"attributes\": {\"key\": \"k-1\", \"status\": \"active\", \"activation_limit\": {\"n\": 5}}}]}",
			`keys.json:2: attributes.activation_limit: "{\"n\":5}" is not a machine limit; use a whole number from 0 to 2147483647, or unlimited`},
		// Nested paths that are the field, and objects no field names.
		{"cryptlex user email", "cryptlex", "licenses.json", "[\n{\"key\": \"K-1\", \"user\": {\"email\": \"a@example.com\"}, \"metadata\": {\"a\": {\"b\": 1}}, \"allowedActivations\": 5}]",
			"override 5"},
		{"cryptlex other object", "cryptlex", "licenses.json", "[\n{\"key\": \"K-1\", \"extra\": {\"allowedActivations\": 1}, \"allowedActivations\": 5}]",
			"override 5"},
		{"keygen flat wrapper", "keygen", "licenses.json", "[\n{\"license\": {\"key\": \"K-1\", \"maxMachines\": 4, \"user\": {\"email\": \"a@example.com\"}}}]",
			"override 4"},
		{"keygen owner object used", "keygen", "licenses.json", "[\n{\"key\": \"K-1\", \"owner\": {\"email\": \"a@example.com\"}, \"maxMachines\": 4}]",
			"override 4"},
		{"empty object judged", "cryptlex", "licenses.json", "[\n{\"key\": \"K-1\", \"allowedActivations\": {}}]",
			`licenses.json:2: allowedActivations: "{}" is not a machine limit; use a whole number from 0 to 2147483647, or unlimited`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, mapLimit(t, c.platform, c.file, c.export)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
