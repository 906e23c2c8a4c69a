package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/licentric/licentric-sync/license"
)

const licenseSelect = `SELECT id, key, name, status, product_id, policy_id, user_email, user_name, expires_at, created_at, updated_at,
	max_machines_override, metadata, owner_source, owner_platform, owner_source_id FROM licenses`

// licenseJSON is a license as the API returns it. The ownership marker
// lives in metadata, as on real Licentric, where it is the only place we
// can keep it.
func scanAPILicense(row interface{ Scan(...any) error }) (map[string]any, error) {
	var id int64
	var key, name, status, product, policy, email, uname, created, updated, meta, src, platform, srcID string
	var expires sql.NullString
	var override sql.NullInt64
	if err := row.Scan(&id, &key, &name, &status, &product, &policy, &email, &uname, &expires, &created, &updated,
		&override, &meta, &src, &platform, &srcID); err != nil {
		return nil, err
	}
	md := object(meta)
	if src != "" {
		md[license.MarkerKey] = map[string]any{"source": src, "platform": platform, "sourceId": srcID}
	}
	return map[string]any{"id": strconv.FormatInt(id, 10), "key": key, "name": nullable(name), "status": status,
		"productId": product, "policyId": policy, "userEmail": nullable(email), "userName": nullable(uname),
		"expiresAt": nullString(expires), "maxMachinesOverride": nullInt(override), "maxUsesOverride": nil,
		"usesCount": 0, "machineCount": 0, "entitlements": []string{}, "metadata": md, "createdAt": created, "updatedAt": updated}, nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullString(s sql.NullString) any {
	if !s.Valid {
		return nil
	}
	return s.String
}

func nullInt(n sql.NullInt64) any {
	if !n.Valid {
		return nil
	}
	return n.Int64
}

func (s *Server) listLicenses(w http.ResponseWriter, r *http.Request) {
	s.listPage(w, r, licenseSelect+` WHERE deleted_at IS NULL AND id > ? ORDER BY id LIMIT ?`, func(c string) any {
		n, _ := strconv.ParseInt(c, 10, 64)
		return n
	}, func(rows *sql.Rows) (map[string]any, error) { return scanAPILicense(rows) })
}

func (s *Server) getLicense(w http.ResponseWriter, r *http.Request) {
	l, err := scanAPILicense(s.store.DB().QueryRowContext(r.Context(), licenseSelect+` WHERE deleted_at IS NULL AND id = ?`, r.PathValue("id")))
	if errors.Is(err, sql.ErrNoRows) {
		fail(w, http.StatusNotFound, "NOT_FOUND", "license not found")
		return
	}
	if err != nil {
		fail(w, http.StatusInternalServerError, "INTERNAL", "%v", err)
		return
	}
	data(w, http.StatusOK, l)
}

// licenseBody is the PATCH body and an import row.
type licenseBody struct {
	Key                 *string        `json:"key"`
	ProductID           *string        `json:"productId"`
	PolicyID            *string        `json:"policyId"`
	Status              *string        `json:"status"`
	Name                *string        `json:"name"`
	UserEmail           *string        `json:"userEmail"`
	UserName            *string        `json:"userName"`
	ExpiresAt           *string        `json:"expiresAt"`
	CreatedAt           *string        `json:"createdAt"`
	MaxMachinesOverride *int64         `json:"maxMachinesOverride"`
	MaxUsesOverride     *int64         `json:"maxUsesOverride"`
	Metadata            map[string]any `json:"metadata"`
}

// marker splits our ownership marker out of metadata into its columns.
func marker(md map[string]any) (rest string, source, platform, sourceID string) {
	if mk, ok := md[license.MarkerKey].(map[string]any); ok {
		source, _ = mk["source"].(string)
		platform, _ = mk["platform"].(string)
		sourceID, _ = mk["sourceId"].(string)
	}
	clean := make(map[string]any, len(md))
	for k, v := range md {
		if k != license.MarkerKey {
			clean[k] = v
		}
	}
	return canonical(clean), source, platform, sourceID
}

func checkTime(p *string) error {
	if p == nil || *p == "" {
		return nil
	}
	if _, err := license.ParseTime(*p); err != nil {
		return fmt.Errorf("%q is not an ISO 8601 UTC timestamp with milliseconds", *p)
	}
	return nil
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
	var b licenseBody
	if err := remarshal(raw, &b); err != nil {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "%v", err)
		return
	}
	if err := errors.Join(checkTime(b.ExpiresAt), checkTime(b.CreatedAt)); err != nil {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "%v", err)
		return
	}
	id := r.PathValue("id")
	if b.Status != nil && !s.transition(w, r.Context(), id, license.Status(*b.Status), "expire") {
		return
	}
	set, args := "updated_at=?", []any{s.now()}
	add := func(col string, v any) {
		set += ", " + col + "=?"
		args = append(args, v)
	}
	for name, col := range map[string]string{"name": "name", "userEmail": "user_email", "userName": "user_name", "productId": "product_id", "policyId": "policy_id"} {
		if _, ok := raw[name]; ok {
			var v *string
			_ = json.Unmarshal(raw[name], &v)
			add(col, deref(v))
		}
	}
	if _, ok := raw["expiresAt"]; ok {
		add("expires_at", optional(b.ExpiresAt))
	}
	if _, ok := raw["maxMachinesOverride"]; ok {
		add("max_machines_override", optionalInt(b.MaxMachinesOverride))
	}
	if _, ok := raw["metadata"]; ok {
		rest, src, plat, sid := marker(b.Metadata)
		add("metadata", rest)
		add("owner_source", src)
		add("owner_platform", plat)
		add("owner_source_id", sid)
	}
	res, err := s.store.DB().ExecContext(r.Context(), `UPDATE licenses SET `+set+` WHERE id=? AND deleted_at IS NULL`, append(args, id)...)
	if !updated(w, res, err, "license") {
		return
	}
	s.getLicense(w, r)
}

func remarshal(raw map[string]json.RawMessage, v any) error {
	b, err := json.Marshal(raw)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func optional(p *string) any {
	if p == nil || *p == "" {
		return nil
	}
	return *p
}

func optionalInt(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func (s *Server) deleteLicense(w http.ResponseWriter, r *http.Request) {
	now := s.now()
	res, err := s.store.DB().ExecContext(r.Context(), `UPDATE licenses SET deleted_at=?, updated_at=? WHERE id=? AND deleted_at IS NULL`, now, now, r.PathValue("id"))
	if !updated(w, res, err, "license") {
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
	if s.transition(w, r.Context(), r.PathValue("id"), to, action) {
		s.getLicense(w, r)
	}
}

func (s *Server) transition(w http.ResponseWriter, ctx context.Context, id string, to license.Status, action string) bool {
	var from string
	err := s.store.DB().QueryRowContext(ctx, `SELECT status FROM licenses WHERE id=? AND deleted_at IS NULL`, id).Scan(&from)
	if errors.Is(err, sql.ErrNoRows) {
		fail(w, http.StatusNotFound, "NOT_FOUND", "license not found")
		return false
	}
	got, terr := license.Transition(license.Status(from), to)
	if err != nil || terr != nil || got == "" || (action != "renew" && string(got) != action) {
		fail(w, http.StatusConflict, "CONFLICT", "Cannot %s a %s license", action, from)
		return false
	}
	_, err = s.store.DB().ExecContext(ctx, `UPDATE licenses SET status=?, updated_at=? WHERE id=?`, string(to), s.now(), id)
	if err != nil {
		fail(w, http.StatusInternalServerError, "INTERNAL", "%v", err)
		return false
	}
	return true
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
	v, err := s.store.Validate(r.Context(), license.Key(b.Key), b.Fingerprint)
	if err != nil {
		fail(w, http.StatusInternalServerError, "INTERNAL", "%v", err)
		return
	}
	var lic any
	if v.Code != "NOT_FOUND" {
		var id int64
		var status string
		var expires sql.NullString
		_ = s.store.DB().QueryRowContext(r.Context(), `SELECT id, status, expires_at FROM licenses WHERE key=? AND deleted_at IS NULL`, b.Key).Scan(&id, &status, &expires)
		lic = map[string]any{"id": strconv.FormatInt(id, 10), "status": status, "expiresAt": nullString(expires)}
	}
	data(w, http.StatusOK, map[string]any{"valid": v.Valid, "code": v.Code, "license": lic})
}
