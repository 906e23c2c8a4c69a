package providers

import "github.com/licentric/licentric-sync/config"

// Field is a canonical record field: the common vocabulary that every
// source reader translates its columns into and that rules match on.
type Field int

// The canonical fields; see config.CanonicalFields for their names.
const (
	FKey Field = iota
	FID
	FName
	FEmail
	FUserName
	FFirstName
	FLastName
	FStatus
	FSuspended
	FRevoked
	FDisabled
	FBanned
	FExpiresAt
	FCreatedAt
	FProduct
	FProductID
	FPolicy
	FPolicyID
	FVariant
	FVariantID
	FMaxMachines
	FActivations
	FMetadata
	FTestMode
	// FScheme is the license key's scheme (Keygen's "scheme": how a
	// signed key is signed), for the platform's offline key check.
	FScheme
	// FEntitlements are the license's entitlement codes (its own and its
	// policy's), separated by commas, as the source names them.
	FEntitlements
	// FUpdatedAt is when the platform last changed the license (its
	// updated_at), which orders a saved webhook event against the
	// export it is applied to (see providers/events).
	FUpdatedAt
	NumFields
)

// fieldNames are config.CanonicalFields, the one list of names, indexed
// by Field (a test ties the constants' order to it).
var fieldNames = config.CanonicalFields

// String is the field's config name, e.g. "expires_at".
func (f Field) String() string {
	if f < 0 || f >= NumFields {
		return "?"
	}
	return fieldNames[f]
}

// FieldByName finds a canonical field by its config name.
func FieldByName(name string) (Field, bool) {
	for i, n := range fieldNames {
		if n == name {
			return Field(i), true
		}
	}
	return 0, false
}

// Record is one license as a source export states it, in canonical
// fields, with its position. A fixed array keeps a million records cheap.
type Record struct {
	File   string
	Line   int
	Values [NumFields]string
	set    uint32
	// Columns names, per field, the column or JSON path the value came
	// from, for provenance (plan --explain) and error messages.
	Columns *[NumFields]string
}

// Put sets a field. An empty value still counts as present: the column
// exists but the cell is blank.
func (r *Record) Put(f Field, v string) {
	r.Values[f] = v
	r.set |= 1 << uint(f)
}

// Get returns a field and whether the export had it at all.
func (r *Record) Get(f Field) (string, bool) {
	return r.Values[f], r.set&(1<<uint(f)) != 0
}

// Value returns a field or "".
func (r *Record) Value(f Field) string { return r.Values[f] }

// Has reports whether the field was present in the export.
func (r *Record) Has(f Field) bool { return r.set&(1<<uint(f)) != 0 }

// Column says where a field's value came from, or the field name.
func (r *Record) Column(f Field) string {
	if r.Columns != nil && r.Columns[f] != "" {
		return r.Columns[f]
	}
	return f.String()
}
