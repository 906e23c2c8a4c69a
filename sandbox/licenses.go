package sandbox

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/licentricapi"
	"github.com/licentric/licentric-sync/providers/local"
)

// apiLicense is a license as the API returns it: the wire object plus the
// fields a store without machines or usage holds at their defaults. The
// ownership marker lives in metadata, as on real Licentric, where it is
// the only place we can keep it.
type apiLicense struct {
	licentricapi.License
	UpdatedAt       string `json:"updatedAt"`
	MaxUsesOverride *int   `json:"maxUsesOverride"`
	UsesCount       int    `json:"usesCount"`
	MachineCount    int    `json:"machineCount"`
}

// licenseJSON shows a license; its entitlements member is the codes
// attached to it, absent when it has its policy's (contract.go's
// assumption).
func licenseJSON(r local.LicenseRecord) apiLicense {
	return apiLicense{License: r.License, UpdatedAt: r.UpdatedAt}
}

func (s *Server) listLicenses(w http.ResponseWriter, r *http.Request) {
	after, limit, ok := rowPage(w, r)
	if !ok {
		return
	}
	ls, err := s.store.ListLicenses(r.Context(), after, limit+1)
	listOf(w, ls, err, "licenses", limit, licenseJSON, func(l apiLicense) string { return l.ID })
}

func (s *Server) getLicense(w http.ResponseWriter, r *http.Request) {
	l, err := s.store.GetLicense(r.Context(), r.PathValue("id"))
	if err != nil {
		failStore(w, err, "license")
		return
	}
	data(w, http.StatusOK, licenseJSON(l))
}

// updateLicense applies a PATCH in one statement: every field sent
// replaces the stored one (metadata as a whole, marker included; null
// clears expiresAt or maxMachinesOverride). status may only be "expired"
// (our assumption for an expiry that passed; other changes use actions).
func (s *Server) updateLicense(w http.ResponseWriter, r *http.Request) {
	raw := map[string]json.RawMessage{}
	if !decode(w, r, &raw) {
		return
	}
	patch, status, err := licensePatch(raw)
	if err != nil {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "%v", err)
		return
	}
	id := r.PathValue("id")
	if status != "" {
		if err := s.store.TransitionLicense(r.Context(), id, status, "expire"); err != nil {
			failStore(w, err, "license")
			return
		}
	}
	if err := s.store.UpdateLicense(r.Context(), id, patch); err != nil {
		failStore(w, err, "license")
		return
	}
	s.getLicense(w, r)
}

// licensePatch reads the fields a PATCH body sends.
func licensePatch(raw map[string]json.RawMessage) (local.LicensePatch, license.Status, error) {
	var p local.LicensePatch
	var errs []error
	str := func(name string, f *local.Set[string]) {
		if v, ok := raw[name]; ok {
			var s *string
			errs = append(errs, json.Unmarshal(v, &s))
			*f = local.Set[string]{Sent: true, Value: licentricapi.Str(s)}
		}
	}
	str("name", &p.Name)
	str("userEmail", &p.UserEmail)
	str("userName", &p.UserName)
	str("productId", &p.ProductID)
	str("policyId", &p.PolicyID)
	if v, ok := raw["expiresAt"]; ok {
		p.ExpiresAt.Sent = true
		errs = append(errs, json.Unmarshal(v, &p.ExpiresAt.Value))
		errs = append(errs, local.CheckTime(p.ExpiresAt.Value))
		if p.ExpiresAt.Value != nil && *p.ExpiresAt.Value == "" {
			p.ExpiresAt.Value = nil
		}
	}
	if v, ok := raw["maxMachinesOverride"]; ok {
		p.MaxMachinesOverride.Sent = true
		errs = append(errs, json.Unmarshal(v, &p.MaxMachinesOverride.Value))
	}
	if v, ok := raw["metadata"]; ok {
		p.Metadata = local.Set[json.RawMessage]{Sent: true, Value: v}
	}
	var status license.Status
	if v, ok := raw["status"]; ok {
		errs = append(errs, json.Unmarshal(v, &status))
	}
	return p, status, errors.Join(errs...)
}

func (s *Server) deleteLicense(w http.ResponseWriter, r *http.Request) {
	if err := s.store.DeleteLicense(r.Context(), r.PathValue("id")); err != nil {
		failStore(w, err, "license")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

var actionTarget = map[string]license.Status{"suspend": license.Suspended, "reinstate": license.Active, "renew": license.Active, "revoke": license.Revoked}

// licenseAction runs suspend, reinstate, renew or revoke with Licentric's
// lifecycle: an invalid transition is 409 Conflict.
func (s *Server) licenseAction(w http.ResponseWriter, r *http.Request) {
	action := r.PathValue("action")
	to, ok := actionTarget[action]
	if !ok {
		fail(w, http.StatusNotFound, "NOT_FOUND", "no action %q; use suspend, reinstate, renew or revoke", action)
		return
	}
	if err := s.store.TransitionLicense(r.Context(), r.PathValue("id"), to, action); err != nil {
		failStore(w, err, "license")
		return
	}
	s.getLicense(w, r)
}

func (s *Server) validateKey(w http.ResponseWriter, r *http.Request) {
	var b struct {
		Key         string `json:"key"`
		Fingerprint string `json:"fingerprint"`
	}
	if !decode(w, r, &b) {
		return
	}
	if b.Key == "" {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "key is required")
		return
	}
	v, err := s.store.ValidateAt(r.Context(), license.Key(b.Key), b.Fingerprint, s.opts.Now())
	if err != nil {
		failStore(w, err, "license")
		return
	}
	var lic any
	if v.Code != local.CodeNotFound {
		l, err := s.store.LicenseByKey(r.Context(), license.Key(b.Key))
		if err != nil {
			failStore(w, err, "license")
			return
		}
		lic = map[string]any{"id": l.ID, "status": l.Status, "expiresAt": l.ExpiresAt}
	}
	data(w, http.StatusOK, map[string]any{"valid": v.Valid, "code": v.Code, "license": lic})
}

// rowPage reads a list request over store rows (licenses, machines): its
// limit, and the row its cursor names (0: from the start).
func rowPage(w http.ResponseWriter, r *http.Request) (after int64, limit int, ok bool) {
	cursor, limit, ok := page(w, r)
	if !ok {
		return 0, 0, false
	}
	after, ok = rowCursor(w, cursor)
	return after, limit, ok
}

// rowCursor reads a cursor this server gave for a list by row id (0:
// from the start); a malformed one is answered 400.
func rowCursor(w http.ResponseWriter, cursor string) (int64, bool) {
	if cursor == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(cursor, 10, 64)
	if err != nil || n < 0 {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "cursor is not one this server gave")
		return 0, false
	}
	return n, true
}
