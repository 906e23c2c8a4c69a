package sandbox

import (
	"database/sql"
	"encoding/json"
	"net/http"

	"github.com/google/uuid"

	"github.com/licentric/licentric-sync/license"
)

// typedPolicyFields have columns of their own; the rest of a policy's
// documented fields are kept as JSON in the fields column.
var typedPolicyFields = map[string]bool{"id": true, "productId": true, "name": true, "maxMachines": true,
	"durationDays": true, "metadata": true, "allowUnlimitedActivations": true, "createdAt": true, "updatedAt": true}

func (s *Server) listPolicies(w http.ResponseWriter, r *http.Request) {
	s.listPage(w, r, `SELECT id, product_id, name, max_machines, duration_days, fields, metadata, created_at, updated_at
		FROM policies WHERE deleted_at IS NULL AND id > ? ORDER BY id LIMIT ?`, stringCursor, func(rows *sql.Rows) (map[string]any, error) {
		var id, product, name, fields, meta, created, updated string
		var maxM, dur *int64
		if err := rows.Scan(&id, &product, &name, &maxM, &dur, &fields, &meta, &created, &updated); err != nil {
			return nil, err
		}
		p := map[string]any{"id": id, "productId": product, "name": name, "maxMachines": maxM, "durationDays": dur,
			"metadata": object(meta), "createdAt": created, "updatedAt": updated}
		var f map[string]string
		_ = json.Unmarshal([]byte(fields), &f)
		for k, v := range f {
			var val any
			_ = json.Unmarshal([]byte(v), &val)
			p[k] = val
		}
		return p, nil
	})
}

// policyColumns splits a policy body into its columns.
func policyColumns(body map[string]any) (name *string, maxM, dur any, fields string, configID string, meta string) {
	if v, ok := body["name"].(string); ok {
		name = &v
	}
	maxM, dur = body["maxMachines"], body["durationDays"]
	f := map[string]string{}
	for k, v := range body {
		if !typedPolicyFields[k] {
			b, _ := json.Marshal(v)
			f[k] = string(b)
		}
	}
	if len(f) > 0 {
		b, _ := json.Marshal(f)
		fields = string(b)
	}
	md, _ := body["metadata"].(map[string]any)
	if mk, ok := md[license.MarkerKey].(map[string]any); ok {
		configID, _ = mk["id"].(string)
	}
	return name, maxM, dur, fields, configID, canonical(md)
}

func (s *Server) createPolicy(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if !decode(w, r, &body) {
		return
	}
	productID, _ := body["productId"].(string)
	name, maxM, dur, fields, configID, meta := policyColumns(body)
	if productID == "" || name == nil || *name == "" {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "productId and name are required")
		return
	}
	if maxM == nil && body["allowUnlimitedActivations"] != true {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "maxMachines is required; send null only with allowUnlimitedActivations: true")
		return
	}
	var exists int
	_ = s.store.DB().QueryRowContext(r.Context(), `SELECT count(*) FROM products WHERE id=? AND deleted_at IS NULL`, productID).Scan(&exists)
	if exists == 0 {
		fail(w, http.StatusNotFound, "NOT_FOUND", "product %s not found", productID)
		return
	}
	id, now := uuid.NewString(), s.now()
	_, err := s.store.DB().ExecContext(r.Context(), `INSERT INTO policies (id, product_id, name, max_machines, duration_days, fields, config_id, metadata, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?)`, id, productID, *name, jsonInt(maxM), jsonInt(dur), fields, configID, meta, now, now)
	if err != nil {
		fail(w, http.StatusInternalServerError, "INTERNAL", "%v", err)
		return
	}
	data(w, http.StatusCreated, map[string]any{"id": id, "productId": productID, "name": *name})
}

func (s *Server) updatePolicy(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if !decode(w, r, &body) {
		return
	}
	name, maxM, dur, fields, _, _ := policyColumns(body)
	productID, _ := body["productId"].(string)
	res, err := s.store.DB().ExecContext(r.Context(), `UPDATE policies SET name=COALESCE(?, name), product_id=COALESCE(NULLIF(?, ''), product_id),
		max_machines=?, duration_days=?, fields=?, updated_at=? WHERE id=? AND deleted_at IS NULL`,
		name, productID, jsonInt(maxM), jsonInt(dur), fields, s.now(), r.PathValue("id"))
	if !updated(w, res, err, "policy") {
		return
	}
	data(w, http.StatusOK, map[string]any{"id": r.PathValue("id")})
}

// jsonInt turns a decoded JSON number (or null) into a column value.
func jsonInt(v any) any {
	if n, ok := v.(json.Number); ok {
		if i, err := n.Int64(); err == nil {
			return i
		}
	}
	return nil
}
