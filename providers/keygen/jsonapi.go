package keygen

import (
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
func readJSONAPI(ls *tabular.Licenses, out tabular.Output) error {
	file := ls.File()
	var r providers.Record // reused: a record is valid until the next is emitted
	sc := new(scratch)     // reused: decoded structs escape to the heap, one set per walk, not per license
	return ls.Each("licenses", func(l *tabular.License) {
		r = providers.Record{File: file, Line: l.Line, Columns: jsonAPIColumns}
		r.Put(providers.FID, l.ID)
		if err := licenseAttributes(l, &r, &sc.license); err != nil {
			out.Reject(l.Line, err)
			return
		}
		ents, err := entitlementCodes(l, &r)
		if err != nil {
			out.Reject(l.Line, err)
			return
		}
		missing, err := relatedNames(l, &r, sc)
		if err != nil {
			out.Reject(l.Line, err)
			return
		}
		var bad *danglingError
		for _, m := range append(missing, ents...) {
			if m.rel == "owner" && out.OwnersOptional {
				out.Missing(m.rel, license.Position(file, l.Line))
				continue
			}
			if bad == nil {
				bad = &danglingError{license: l.ID}
			}
			bad.rels = append(bad.rels, m)
		}
		if bad != nil {
			out.Reject(l.Line, bad)
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

// licenseAttrs are the attributes a license is read from, as cells.
type licenseAttrs struct {
	Key         tabular.Cell `json:"key"` // absent for legacy-encrypted licenses
	MaxMachines tabular.Cell `json:"maxMachines"`
	Status      tabular.Cell `json:"status"`
	Name        tabular.Cell `json:"name"`
	Expiry      tabular.Cell `json:"expiry"`
	Created     tabular.Cell `json:"created"`
	Suspended   tabular.Cell `json:"suspended"`
	Metadata    tabular.Cell `json:"metadata"`
	Scheme      tabular.Cell `json:"scheme"`
}

// ownerAttrs are the owner's attributes a license takes.
type ownerAttrs struct {
	Email     tabular.Cell `json:"email"`
	FullName  tabular.Cell `json:"fullName"`
	FirstName tabular.Cell `json:"firstName"`
	LastName  tabular.Cell `json:"lastName"`
	Status    tabular.Cell `json:"status"`
	BannedAt  tabular.Cell `json:"bannedAt"`
}

// scratch holds what one walk decodes, reused for every license.
type scratch struct {
	license licenseAttrs
	owner   ownerAttrs
	named   named
}

// named is a policy's or product's attributes a license takes.
type named struct {
	Name tabular.Cell `json:"name"`
}

// catalogRels are the relationships whose id and name a license takes.
var catalogRels = []struct {
	rel         string
	id, nameFld providers.Field
}{{"policy", providers.FPolicyID, providers.FPolicy}, {"product", providers.FProductID, providers.FProduct}}

func licenseAttributes(l *tabular.License, r *providers.Record, a *licenseAttrs) error {
	if err := l.Decode(a); err != nil {
		return err
	}
	r.Put(providers.FKey, a.Key.Text)
	tabular.PutCells(r, a.Name.To(providers.FName), a.Expiry.To(providers.FExpiresAt),
		a.Created.To(providers.FCreatedAt), a.Suspended.To(providers.FSuspended),
		a.Metadata.To(providers.FMetadata), a.Scheme.To(providers.FScheme))
	if a.MaxMachines.Set {
		m := a.MaxMachines.Text
		if a.MaxMachines.Null {
			m = "unlimited" // null: no limit
		}
		r.Put(providers.FMaxMachines, m)
	}
	if a.Status.Is("BANNED") {
		r.Put(providers.FBanned, "true")
	}
	return nil
}

// dangling is a relationship naming a resource that was not read.
type dangling struct{ rel, typ, id string }

// relatedNames joins the policy, product and owner, and returns the
// relationships that name a resource that was not read; an error when
// one's linkage is broken.
func relatedNames(l *tabular.License, r *providers.Record, sc *scratch) (missing []dangling, err error) {
	for _, rel := range catalogRels {
		ref, ok, err := l.Related(rel.rel)
		if err != nil {
			return nil, err
		}
		if ok {
			r.Put(rel.id, ref.ID)
			if found := l.Resolve(ref, &sc.named); found {
				r.Put(rel.nameFld, sc.named.Name.Text)
			} else {
				missing = append(missing, dangling{rel.rel, ref.Type, ref.ID})
			}
		}
	}
	ref, ok, err := l.Related("owner")
	if err == nil && !ok {
		ref, ok, err = l.Related("user")
	}
	if err != nil || !ok {
		return missing, err
	}
	u := &sc.owner
	if found := l.Resolve(ref, u); !found {
		return append(missing, dangling{"owner", ref.Type, ref.ID}), nil
	}
	r.Put(providers.FEmail, u.Email.Text)
	if u.FullName.Text != "" {
		r.Put(providers.FUserName, u.FullName.Text)
	} else { // firstName lastName, joined by the mapping as every reader's are: byte for byte
		r.Put(providers.FFirstName, u.FirstName.Text)
		r.Put(providers.FLastName, u.LastName.Text)
	}
	if u.Status.Is("BANNED") || u.BannedAt.Text != "" {
		r.Put(providers.FBanned, "true")
	}
	return missing, nil
}

// jsonAPIColumns names where each field of a JSON:API license comes
// from (one table for every record and chunk).
var jsonAPIColumns = jsonColumns()

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
