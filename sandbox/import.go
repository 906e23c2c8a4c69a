package sandbox

import (
	"encoding/json"
	"net/http"

	"github.com/licentric/licentric-sync/licentricapi"
	"github.com/licentric/licentric-sync/providers/local"
)

// MaxImportRows is the import batch limit we assume (docs/licentric-api.md).
const MaxImportRows = 500

type importRequest struct {
	DryRun   bool                   `json:"dryRun"`
	Licenses []licentricapi.License `json:"licenses"`
}

type rowResult struct {
	Index   int       `json:"index"`
	License *rowLic   `json:"license,omitempty"`
	Error   *rowError `json:"error,omitempty"`
}

type rowLic struct {
	ID  string `json:"id"`
	Key string `json:"key"`
}

type rowError struct {
	Code  string `json:"code"`
	Error string `json:"error"`
}

// importLicenses is the key-preserving import (our assumed schema): each
// row is created with exactly its key and status, or gets an error. A
// replayed Idempotency-Key returns the first answer and creates nothing.
func (s *Server) importLicenses(w http.ResponseWriter, r *http.Request) {
	var req importRequest
	if !decode(w, r, &req) {
		return
	}
	if len(req.Licenses) > MaxImportRows {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "at most %d licenses per import, got %d", MaxImportRows, len(req.Licenses))
		return
	}
	answer, replayed, err := s.store.ImportLicenses(r.Context(), local.Import{Rows: req.Licenses, DryRun: req.DryRun,
		Idempotency: r.Header.Get("Idempotency-Key"), Answer: importAnswer(req.DryRun)})
	if err != nil {
		failStore(w, err, "import")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(answer)
}

// importAnswer renders the documented-by-assumption answer body.
func importAnswer(dryRun bool) func([]local.ImportResult, int) ([]byte, error) {
	return func(results []local.ImportResult, created int) ([]byte, error) {
		rows := make([]rowResult, len(results))
		for i, res := range results {
			rows[i].Index = res.Index
			if res.Code != "" {
				rows[i].Error = &rowError{Code: res.Code, Error: res.Error}
			} else if !dryRun {
				rows[i].License = &rowLic{ID: res.ID, Key: res.Key}
			}
		}
		return json.Marshal(map[string]any{"data": map[string]any{"dryRun": dryRun, "created": created, "failed": len(results) - created, "results": rows}})
	}
}
