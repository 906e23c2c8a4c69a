package sandbox

import (
	"errors"
	"net/http"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers/local"
)

// activationShare is the activation tier's part of the management rate:
// Licentric allows 10 POST /machines a minute per IP against 120
// management requests per API key.
const activationShare = 12

// activateMachine is POST /machines: authenticated by the license key
// (Authorization: License <key>), limited per client IP on the
// activation tier. A fingerprint already active on the license is 409
// CONFLICT and one past the machine limit 422 MACHINE_LIMIT_EXCEEDED
// (both our assumptions: Licentric documents neither answer).
func (s *Server) activateMachine(w http.ResponseWriter, r *http.Request) {
	if s.opts.RateLimit > 0 && !s.limitIn(w, "activate-ip:"+clientIP(r), max(s.opts.RateLimit/activationShare, 1)) {
		return
	}
	if !s.withinQuota(w, false) {
		return
	}
	key, ok := strings.CutPrefix(r.Header.Get("Authorization"), "License ")
	if !ok || key == "" {
		fail(w, http.StatusUnauthorized, "UNAUTHORIZED", "activating a machine needs the license key: send Authorization: License <key>")
		return
	}
	var body local.Machine
	if !decode(w, r, &body) {
		return
	}
	m, created, err := s.store.ActivateMachine(r.Context(), license.Key(key), local.Machine{
		Fingerprint: body.Fingerprint, Name: body.Name, Platform: body.Platform, Hostname: body.Hostname})
	switch {
	case errors.Is(err, local.ErrNotFound):
		fail(w, http.StatusUnauthorized, "UNAUTHORIZED", "Invalid license key")
	case errors.Is(err, local.ErrFingerprint):
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "fingerprint must be 8-256 characters")
	case errors.Is(err, local.ErrMachineLimit):
		fail(w, http.StatusUnprocessableEntity, "MACHINE_LIMIT_EXCEEDED", "the license has reached its machine limit")
	case err != nil:
		failStore(w, err, "license")
	case !created:
		fail(w, http.StatusConflict, "CONFLICT", "a machine with this fingerprint is already activated on this license")
	default:
		data(w, http.StatusCreated, m)
	}
}

// listMachines is GET /machines?licenseId=…, by cursor.
func (s *Server) listMachines(w http.ResponseWriter, r *http.Request) {
	after, limit, ok := rowPage(w, r)
	if !ok {
		return
	}
	ms, err := s.store.ListMachines(r.Context(), r.URL.Query().Get("licenseId"), after, limit+1)
	if errors.Is(err, local.ErrNotFound) {
		ms, err = nil, nil // a filter that matches nothing
	}
	if err != nil {
		failStore(w, err, "machines")
		return
	}
	list(w, ms, limit, func(m local.Machine) string { return m.ID })
}
