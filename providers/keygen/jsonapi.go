package keygen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/tabular"
)

// readJSONAPI reads a Keygen license list page. Names and emails live in
// the users, policies and products a license names by id: in the pages
// of those lists read beside it, or in an "included" a dump carries.
// The owner relationship is "owner", or "user" on accounts pinned to API
// 1.4 or older. A license that names one that was not read is a row
// error (with owners: optional, a missing owner is a warning). The status
// word is not trusted: it is rebuilt from suspended, the expiry and the
// owner's ban.
func readJSONAPI(doc *tabular.JSONDoc, file string, out tabular.Output) error {
	cols := jsonAPIColumns
	var r providers.Record // reused: a record is valid until the next is emitted
	return tabular.EachResource(doc, file, "licenses", func(res tabular.Resource, look *tabular.Lookup, line int) {
		r = providers.Record{File: file, Line: line, Columns: cols}
		r.Put(providers.FID, res.ID)
		licenseAttributes(&res, &r)
		ents, err := entitlementCodes(&res, look, &r)
		if err != nil {
			out.Reject(line, err)
			return
		}
		var bad *danglingError
		for _, m := range append(relatedNames(&res, look, &r), ents...) {
			if m.rel == "owner" && out.OwnersOptional {
				out.Missing(m.rel, license.Position(file, line))
				continue
			}
			if bad == nil {
				bad = &danglingError{license: res.ID}
			}
			bad.rels = append(bad.rels, m)
		}
		if bad != nil {
			out.Reject(line, bad)
			return
		}
		out.Emit(&r)
	})
}

// danglingError is a license naming an owner, policy or product that
// was not read. Its text is made when shown: an export given without its
// /users pages makes one per license.
type danglingError struct {
	license string
	rels    []dangling
}

func (e *danglingError) Error() string {
	var names []string
	for _, m := range e.rels {
		names = append(names, fmt.Sprintf("its %s %s/%s", m.rel, m.typ, m.id))
	}
	return fmt.Sprintf("license %s names %s, not among the users, policies and products read; Keygen names them only by id: "+
		"give the /users, /policies and /products pages beside the licenses in path:, or set owners: optional if the account "+
		"has licenses whose owner was deleted", e.license, strings.Join(names, " and "))
}

// missingHint is the warning, under owners: optional, for licenses whose
// owner was not read.
func missingHint(rel string, n int, first []string, live bool) string {
	where := "the /users pages beside the licenses"
	if live {
		where = "what the API listed under /users"
	}
	return fmt.Sprintf("%d licenses name an %s that is not in %s (first at %s): %s; owners: optional lets them through",
		n, rel, where, strings.Join(first, ", "), lostWith[rel])
}

// lostWith says what a license lacks when a related resource is missing.
var lostWith = map[string]string{
	"owner":       "their emails and names are empty",
	"policy":      "their policy names are empty, so rules that match policy names cannot see them",
	"product":     "their product names are empty, so rules that match product names cannot see them",
	"entitlement": "their entitlement codes are unknown",
}

// licenseAttrs are the license attributes read as they are.
var licenseAttrs = []tabular.AttrField{{Name: "name", Field: providers.FName}, {Name: "expiry", Field: providers.FExpiresAt},
	{Name: "created", Field: providers.FCreatedAt}, {Name: "suspended", Field: providers.FSuspended}, {Name: "metadata", Field: providers.FMetadata},
	{Name: "scheme", Field: providers.FScheme}}

// licenseAttrNames are every attribute a license is read from, looked up
// in one pass (Resource.Attrs): these three, then licenseAttrs.
var licenseAttrNames = tabular.AttrNames([]string{"key", "maxMachines", "status"}, licenseAttrs)

const (
	attrKey = iota
	attrMaxMachines
	attrStatus
	attrPlain // licenseAttrs start here
)

// catalogRels are the relationships whose id and name a license takes.
var catalogRels = []struct {
	rel         string
	id, nameFld providers.Field
}{{"policy", providers.FPolicyID, providers.FPolicy}, {"product", providers.FProductID, providers.FProduct}}

func licenseAttributes(res *tabular.Resource, r *providers.Record) {
	var buf [16]json.RawMessage // on the stack: a slice made per license would be 64 MB per million
	v := buf[:len(licenseAttrNames)]
	res.Attrs(licenseAttrNames, v)
	r.Put(providers.FKey, res.Cell(v[attrKey])) // absent for legacy-encrypted licenses
	res.PutAttrs(licenseAttrs, v[attrPlain:], r)
	if raw := v[attrMaxMachines]; raw != nil {
		m := res.Cell(raw)
		if string(bytes.TrimSpace(raw)) == "null" {
			m = "unlimited" // null: no limit
		}
		r.Put(providers.FMaxMachines, m)
	}
	if res.CellIs(v[attrStatus], "BANNED") {
		r.Put(providers.FBanned, "true")
	}
}

// dangling is a relationship naming a resource that was not read.
type dangling struct{ rel, typ, id string }

// relatedNames joins the policy, product and owner, and returns the
// relationships that name a resource that was not read.
func relatedNames(res *tabular.Resource, inc *tabular.Lookup, r *providers.Record) (missing []dangling) {
	for _, rel := range catalogRels {
		if typ, id, ok := res.Related(rel.rel); ok {
			r.Put(rel.id, id)
			if p, ok := inc.Get(typ, id); ok {
				name, _ := p.Attr("name")
				r.Put(rel.nameFld, name)
			} else {
				missing = append(missing, dangling{rel.rel, typ, id})
			}
		}
	}
	typ, id, ok := res.Related("owner")
	if !ok {
		typ, id, ok = res.Related("user")
	}
	if !ok {
		return missing
	}
	u, ok := inc.Get(typ, id)
	if !ok {
		return append(missing, dangling{"owner", typ, id})
	}
	var v [6]json.RawMessage // ownerAttrNames, in order
	u.Attrs(ownerAttrNames, v[:])
	r.Put(providers.FEmail, u.Cell(v[0]))
	if name := u.Cell(v[1]); name != "" {
		r.Put(providers.FUserName, name)
	} else { // firstName lastName, joined by the mapping as every reader's are: byte for byte
		r.Put(providers.FFirstName, u.Cell(v[2]))
		r.Put(providers.FLastName, u.Cell(v[3]))
	}
	if u.CellIs(v[4], "BANNED") || !u.CellBlank(v[5]) { // status, bannedAt
		r.Put(providers.FBanned, "true")
	}
	return missing
}

// jsonAPIColumns names where each field of a JSON:API license comes
// from (one table for every record and chunk).
var jsonAPIColumns = jsonColumns()

// ownerAttrNames are the owner's attributes a license takes, in one pass.
var ownerAttrNames = []string{"email", "fullName", "firstName", "lastName", "status", "bannedAt"}

func jsonColumns() *[providers.NumFields]string {
	var c [providers.NumFields]string
	c[providers.FKey] = "attributes.key"
	c[providers.FName] = "attributes.name"
	c[providers.FExpiresAt] = "attributes.expiry"
	c[providers.FCreatedAt] = "attributes.created"
	c[providers.FSuspended] = "attributes.suspended"
	c[providers.FMetadata] = "attributes.metadata"
	c[providers.FMaxMachines] = "attributes.maxMachines"
	c[providers.FScheme] = "attributes.scheme"
	c[providers.FEntitlements] = "relationships.entitlements"
	c[providers.FEmail] = "owner.email"
	c[providers.FUserName] = "owner.fullName"
	c[providers.FPolicy] = "policy.name"
	return &c
}
