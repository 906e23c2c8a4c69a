package sandbox

import (
	"database/sql"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"

	"github.com/google/uuid"

	"github.com/licentric/licentric-sync/license"
)

// page reads the documented cursor and limit (1–100, default 25).
func page(w http.ResponseWriter, r *http.Request) (cursor string, limit int, ok bool) {
	cursor, limit = r.URL.Query().Get("cursor"), 25
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "limit must be an integer from 1 to 100")
			return "", 0, false
		}
		limit = n
	}
	return cursor, limit, true
}

// listPage serves one page of a list endpoint: it reads cursor and limit,
// runs query (which takes the cursor and limit+1), scans each row with
// scan, and writes the page.
func (s *Server) listPage(w http.ResponseWriter, r *http.Request, query string, cursorArg func(string) any,
	scan func(*sql.Rows) (map[string]any, error)) {
	cursor, limit, ok := page(w, r)
	if !ok {
		return
	}
	rows, err := s.store.DB().QueryContext(r.Context(), query, cursorArg(cursor), limit+1)
	if err != nil {
		fail(w, http.StatusInternalServerError, "INTERNAL", "%v", err)
		return
	}
	defer rows.Close()
	var items []map[string]any
	for rows.Next() {
		item, err := scan(rows)
		if err != nil {
			fail(w, http.StatusInternalServerError, "INTERNAL", "%v", err)
			return
		}
		items = append(items, item)
	}
	list(w, items, limit)
}

func stringCursor(c string) any { return c }

// list writes a page: {data, pagination: {nextCursor, hasMore}}.
func list(w http.ResponseWriter, items []map[string]any, limit int) {
	more := len(items) > limit
	if more {
		items = items[:limit]
	}
	var next any
	if more {
		next = items[len(items)-1]["id"]
	}
	if items == nil {
		items = []map[string]any{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": items, "pagination": map[string]any{"nextCursor": next, "hasMore": more}})
}

func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<20))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "request body is not valid JSON: %v", err)
		return false
	}
	return true
}

func (s *Server) now() string { t := s.opts.Now(); return license.FormatTime(&t) }

var productCode = regexp.MustCompile(`^[A-Za-z0-9_-]{1,50}$`)

type productBody struct {
	Name        *string        `json:"name"`
	Code        *string        `json:"code"`
	Description *string        `json:"description"`
	KeyPrefix   *string        `json:"keyPrefix"`
	Metadata    map[string]any `json:"metadata"`
}

func (s *Server) listProducts(w http.ResponseWriter, r *http.Request) {
	s.listPage(w, r, `SELECT id, code, name, key_prefix, description, metadata, created_at, updated_at
		FROM products WHERE deleted_at IS NULL AND id > ? ORDER BY id LIMIT ?`, stringCursor, func(rows *sql.Rows) (map[string]any, error) {
		var id, code, name, prefix, desc, meta, created, updated string
		if err := rows.Scan(&id, &code, &name, &prefix, &desc, &meta, &created, &updated); err != nil {
			return nil, err
		}
		return map[string]any{"id": id, "code": code, "name": name, "keyPrefix": prefixOrDefault(prefix),
			"description": desc, "metadata": object(meta), "createdAt": created, "updatedAt": updated, "deletedAt": nil}, nil
	})
}

func prefixOrDefault(p string) string {
	if p == "" {
		return "LIC"
	}
	return p
}

func object(s string) map[string]any {
	m := map[string]any{}
	if s != "" {
		_ = json.Unmarshal([]byte(s), &m)
	}
	return m
}

func canonical(m map[string]any) string {
	s, _ := license.CanonicalJSON(m)
	return s
}

func (s *Server) createProduct(w http.ResponseWriter, r *http.Request) {
	var b productBody
	if !decode(w, r, &b) {
		return
	}
	if b.Code == nil || !productCode.MatchString(*b.Code) || b.Name == nil || *b.Name == "" {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "code (1–50 letters, digits, - or _) and name are required")
		return
	}
	id, now := uuid.NewString(), s.now()
	_, err := s.store.DB().ExecContext(r.Context(), `INSERT INTO products (id, code, name, key_prefix, description, metadata, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?)`, id, *b.Code, *b.Name, deref(b.KeyPrefix), deref(b.Description), canonical(b.Metadata), now, now)
	if isUnique(err) {
		fail(w, http.StatusConflict, "CONFLICT", "a product with code %q exists", *b.Code)
		return
	}
	if err != nil {
		fail(w, http.StatusInternalServerError, "INTERNAL", "%v", err)
		return
	}
	data(w, http.StatusCreated, map[string]any{"id": id, "code": *b.Code, "name": *b.Name, "keyPrefix": prefixOrDefault(deref(b.KeyPrefix))})
}

func (s *Server) updateProduct(w http.ResponseWriter, r *http.Request) {
	var b productBody
	if !decode(w, r, &b) {
		return
	}
	res, err := s.store.DB().ExecContext(r.Context(), `UPDATE products SET name=COALESCE(?, name), key_prefix=COALESCE(?, key_prefix),
		description=COALESCE(?, description), updated_at=? WHERE id=? AND deleted_at IS NULL`, b.Name, b.KeyPrefix, b.Description, s.now(), r.PathValue("id"))
	if !updated(w, res, err, "product") {
		return
	}
	data(w, http.StatusOK, map[string]any{"id": r.PathValue("id")})
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func isUnique(err error) bool {
	return err != nil && regexp.MustCompile(`UNIQUE constraint failed`).MatchString(err.Error())
}

// updated answers 404 when no live row was touched.
func updated(w http.ResponseWriter, res sql.Result, err error, what string) bool {
	if err != nil {
		fail(w, http.StatusInternalServerError, "INTERNAL", "%v", err)
		return false
	}
	if n, _ := res.RowsAffected(); n == 0 {
		fail(w, http.StatusNotFound, "NOT_FOUND", "%s not found", what)
		return false
	}
	return true
}
