package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strconv"
	"unicode/utf8"

	"github.com/licentric/licentric-sync/licentricapi"
	"github.com/licentric/licentric-sync/providers/local"
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

// list writes a page of up to limit items (read as limit+1, so one more
// says there is more): {data, pagination: {nextCursor, hasMore}}.
func list[T any](w http.ResponseWriter, items []T, limit int, id func(T) string) {
	more := len(items) > limit
	var next any
	if more {
		items = items[:limit]
		next = id(items[len(items)-1])
	}
	if items == nil {
		items = []T{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": items, "pagination": map[string]any{"nextCursor": next, "hasMore": more}})
}

// listOf answers a list read from the store (rows, err): each row in
// its wire form, paged by list; the store's error answered as failStore
// does for what.
func listOf[R, J any](w http.ResponseWriter, rows []R, err error, what string, limit int, wire func(R) J, id func(J) string) {
	if err != nil {
		failStore(w, err, what)
		return
	}
	out := make([]J, len(rows))
	for i, row := range rows {
		out[i] = wire(row)
	}
	list(w, out, limit, id)
}

// idOf is the id of an object written as a map (entitlements, policies).
func idOf(v map[string]any) string { return v["id"].(string) }

// MaxBodyBytes bounds a request body: an import of 500 licenses with
// 16 KiB keys and their metadata fits well within it.
const MaxBodyBytes = 16 << 20

// decode reads a request body strictly, as the real API's validation
// does: JSON content type, valid UTF-8 (never silently replaced, which
// would change keys), one JSON value that is not null, nothing after it.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		fail(w, http.StatusUnsupportedMediaType, "VALIDATION_ERROR", "send the body as Content-Type: application/json")
		return false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		fail(w, http.StatusRequestEntityTooLarge, "VALIDATION_ERROR", "request body over %d MiB or unreadable", MaxBodyBytes>>20)
		return false
	}
	if !utf8.Valid(body) {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "request body is not valid UTF-8")
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "request body is not valid JSON: %v", err)
		return false
	}
	if _, err := dec.Token(); err != io.EOF {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "request body has data after its JSON value")
		return false
	}
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "request body is null; send a JSON object")
		return false
	}
	inner := json.NewDecoder(bytes.NewReader(raw))
	inner.UseNumber()
	if err := inner.Decode(v); err != nil {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "request body does not fit: %v", err)
		return false
	}
	return true
}

// failStore answers a store error with its documented status.
func failStore(w http.ResponseWriter, err error, what string) {
	var conflict *local.ConflictError
	var capped *local.CapError
	switch {
	case errors.As(err, &capped):
		fail(w, http.StatusForbidden, "PLAN_LIMIT_REACHED", "the plan allows %d active licenses; creating and renewing are blocked at the cap", capped.Cap)
	case errors.Is(err, local.ErrNotFound):
		fail(w, http.StatusNotFound, "NOT_FOUND", "%s not found", what)
	case errors.As(err, &conflict):
		fail(w, http.StatusConflict, "CONFLICT", "%s", conflict.Msg)
	default:
		fail(w, http.StatusInternalServerError, "INTERNAL", "%v", err)
	}
}

var productCode = regexp.MustCompile(`^[A-Za-z0-9_-]{1,50}$`)

type productBody struct {
	Name        *string         `json:"name"`
	Code        *string         `json:"code"`
	Description *string         `json:"description"`
	KeyPrefix   *string         `json:"keyPrefix"`
	Metadata    json.RawMessage `json:"metadata"`
}

// productJSON is a product as the API shows it, with the account's id.
func (s *Server) productJSON(p local.ProductRecord) licentricapi.Product {
	prefix := p.KeyPrefix
	if prefix == "" {
		prefix = "LIC"
	}
	return licentricapi.Product{ID: p.ID, AccountID: s.opts.AccountID, Code: p.Code, Name: p.Name, KeyPrefix: prefix, Description: p.Description,
		Metadata: p.Metadata, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
}

func (s *Server) listProducts(w http.ResponseWriter, r *http.Request) {
	cursor, limit, ok := page(w, r)
	if !ok {
		return
	}
	ps, err := s.store.ListProducts(r.Context(), cursor, limit+1)
	listOf(w, ps, err, "products", limit, s.productJSON, func(p licentricapi.Product) string { return p.ID })
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
	p, err := s.store.CreateProduct(r.Context(), local.ProductRecord{Code: *b.Code, Name: *b.Name, KeyPrefix: licentricapi.Str(b.KeyPrefix),
		Description: licentricapi.Str(b.Description), Metadata: b.Metadata})
	if err != nil {
		failStore(w, err, "product")
		return
	}
	data(w, http.StatusCreated, s.productJSON(p))
}

func (s *Server) updateProduct(w http.ResponseWriter, r *http.Request) {
	var b productBody
	if !decode(w, r, &b) {
		return
	}
	if err := s.store.UpdateProduct(r.Context(), r.PathValue("id"), b.Name, b.KeyPrefix, b.Description); err != nil {
		failStore(w, err, "product")
		return
	}
	data(w, http.StatusOK, map[string]any{"id": r.PathValue("id")})
}
