package sandbox

import (
	"errors"
	"net/http"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers/local"
)

// entitlementJSON is an entitlement as POST /entitlements documents it.
func entitlementJSON(e local.EntitlementRecord) map[string]any {
	return map[string]any{"id": e.ID, "code": e.Code, "name": e.Name, "metadata": e.Metadata,
		"createdAt": e.CreatedAt, "updatedAt": e.UpdatedAt, "deletedAt": nil}
}

func (s *Server) listEntitlements(w http.ResponseWriter, r *http.Request) {
	cursor, limit, ok := page(w, r)
	if !ok {
		return
	}
	es, err := s.store.ListEntitlements(r.Context(), cursor, limit+1)
	listOf(w, es, err, "entitlements", limit, entitlementJSON, idOf)
}

// createEntitlement validates as documented: code 1–100 lowercase
// letters, digits, - and _, unique; name 1–255 characters.
func (s *Server) createEntitlement(w http.ResponseWriter, r *http.Request) {
	var b struct {
		Code string `json:"code"`
		Name string `json:"name"`
	}
	if !decode(w, r, &b) {
		return
	}
	if err := license.CheckEntitlementCode(b.Code); err != nil {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "%v", err)
		return
	}
	if b.Name == "" || len(b.Name) > 255 {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "name must be 1–255 characters")
		return
	}
	e, err := s.store.CreateEntitlement(r.Context(), b.Code, b.Name)
	if err != nil {
		failStore(w, err, "entitlement")
		return
	}
	data(w, http.StatusCreated, entitlementJSON(e))
}

// codesBody is the assumed attach body: {"codes": [...]} replaces the
// list; null (licenses only) detaches it.
type codesBody struct {
	Codes *[]string `json:"codes"`
}

func (s *Server) setPolicyEntitlements(w http.ResponseWriter, r *http.Request) {
	var b codesBody
	if !decode(w, r, &b) {
		return
	}
	if b.Codes == nil {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "codes is required (an empty list detaches every entitlement)")
		return
	}
	if err := s.store.SetPolicyEntitlements(r.Context(), r.PathValue("id"), *b.Codes); err != nil {
		failAttach(w, err, "policy")
		return
	}
	data(w, http.StatusOK, map[string]any{"id": r.PathValue("id"), "entitlements": *b.Codes})
}

func (s *Server) setLicenseEntitlements(w http.ResponseWriter, r *http.Request) {
	var b codesBody
	if !decode(w, r, &b) {
		return
	}
	var codes []string
	if b.Codes != nil {
		codes = *b.Codes
	}
	if err := s.store.SetLicenseEntitlements(r.Context(), r.PathValue("id"), codes); err != nil {
		failAttach(w, err, "license")
		return
	}
	l, err := s.store.GetLicense(r.Context(), r.PathValue("id"))
	if err != nil {
		failStore(w, err, "license")
		return
	}
	data(w, http.StatusOK, licenseJSON(l)) // the license as it now is, as a PATCH answers
}

// failAttach names the entitlement that does not exist, or the policy
// or license.
func failAttach(w http.ResponseWriter, err error, what string) {
	if msg := err.Error(); errors.Is(err, local.ErrNotFound) && msg != local.ErrNotFound.Error() {
		what = strings.TrimSuffix(msg, ": "+local.ErrNotFound.Error())
	}
	failStore(w, err, what)
}
