package licentric

// This file holds every assumption about the Licentric API that its public
// documentation does not settle (docs/licentric-api.md, "Assumptions").
// When the real schema is known, this is the one file to correct.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/licentricapi"
)

// importPath is the key-preserving import the migration pages name:
// POST /migrations/import {dryRun, licenses: [...]}, at most importBatch
// rows, with an Idempotency-Key header (assumed).
const (
	importPath  = "/migrations/import"
	importBatch = 500
)

// importRow is one license of an import (assumed field names: the create
// body's plus key, status and createdAt, i.e. the license wire object).
type importRow = licentricapi.License

// importAnswer is the assumed answer: per row, the created license (id,
// key) or an error (code, error).
type importAnswer struct {
	Data struct {
		Results []importResult `json:"results"`
	} `json:"data"`
}

// importResult is one row's outcome.
type importResult struct {
	Index   int `json:"index"`
	License *struct {
		ID  string `json:"id"`
		Key string `json:"key"`
	} `json:"license"`
	Error *struct {
		Code  string `json:"code"`
		Error string `json:"error"`
	} `json:"error"`
}

// keyTaken reports the assumed per-row code for a key that is already in
// the account (KEY_TAKEN); the apply then checks whether we created it.
func (r importResult) keyTaken() bool { return r.Error != nil && r.Error.Code == "KEY_TAKEN" }

// row is one license as an import row; its product and policy must be in
// the account already.
func (t *Target) row(l *license.License) (importRow, error) {
	productID, policyID := t.ids.product(l.Product), t.ids.policy(l.Policy)
	if productID == "" || policyID == "" {
		return importRow{}, fmt.Errorf("licentric: product %q or policy %q is not in the account", l.Product, l.Policy)
	}
	return licentricapi.FromLicense(l, productID, policyID)
}

// policyBody sends maxMachines every time; an unlimited policy sends null
// with allowUnlimitedActivations (assumed), which satisfies both copies of
// the docs.
func policyBody(p *license.Policy, productID string) map[string]any {
	body := map[string]any{"productId": productID, "name": p.Name, "durationDays": p.DurationDays,
		"metadata": map[string]any{license.MarkerKey: map[string]string{"id": p.ID}}}
	if p.MaxMachines == license.Unlimited {
		body["maxMachines"], body["allowUnlimitedActivations"] = nil, true
	} else {
		body["maxMachines"] = p.MaxMachines
	}
	for k, v := range p.Fields {
		body[k] = json.RawMessage(v)
	}
	return body
}

// policyTyped are the policy fields with typed homes in license.Policy,
// including allowUnlimitedActivations, which policyBody derives.
var policyTyped = map[string]bool{"id": true, "productId": true, "name": true, "maxMachines": true, "durationDays": true,
	"metadata": true, "createdAt": true, "updatedAt": true, "deletedAt": true, "accountId": true, "allowUnlimitedActivations": true,
	"entitlements": true}

// Entitlements (documented: POST and GET /entitlements, codes unique,
// 1–100 lowercase characters; a license object's "entitlements" member
// lists codes). Assumed, as the SDK's attach methods have no documented
// paths: PUT /policies/{id}/entitlements and PUT
// /licenses/{id}/entitlements with {"codes": [...]} replace the list
// attached (null detaches a license's, which then has its policy's); a
// code that names no entitlement is refused; a policy object's
// "entitlements" lists its codes, and a license object's lists the codes
// attached to the license itself, absent or null when it has its
// policy's; a license's attach answers with the license, as a PATCH
// does. See ensureEntitlements and attach (entitlements.go).

// idempotencyKey derives the header from the batch content, so a batch
// replayed after a lost answer (or after a kill and a re-run that plans
// the same batch) carries the same key and creates nothing twice.
func idempotencyKey(rows []importRow) string {
	b, _ := json.Marshal(rows)
	sum := sha256.Sum256(b)
	return "licentric-sync-" + hex.EncodeToString(sum[:16])
}

// importBatch sends one import; replayed is true when the answer is the
// replay of a batch another run (or an earlier one) sent, so none of its
// creates were this run's.
func (t *Target) importBatch(ctx context.Context, rows []importRow) (ans importAnswer, replayed bool, err error) {
	err = t.c.do(ctx, call{method: "POST", path: importPath, body: map[string]any{"dryRun": false, "licenses": rows},
		idempotency: idempotencyKey(rows), replayed: &replayed}, &ans)
	return ans, replayed, err
}

// patchLicense sends a field update: PATCH /licenses/{id} with the fields
// of the create body (assumed to be accepted as an update body).
// The answer is the license as updated (assumed, like the status
// actions'), which the view keeps.
func (t *Target) patchLicense(ctx context.Context, id string, body any) error {
	var ans struct {
		Data json.RawMessage `json:"data"`
	}
	if err := t.c.do(ctx, call{method: "PATCH", path: "/licenses/" + url.PathEscape(id), body: body}, &ans); err != nil {
		return err
	}
	return t.recordAnswer(ctx, ans.Data)
}

// updateBody is the PATCH body of a field update: every field the plan
// compares, the key and createdAt left out (neither changes).
func (t *Target) updateBody(l *license.License) (any, error) {
	a, err := licentricapi.FromLicense(l, t.ids.product(l.Product), t.ids.policy(l.Policy))
	if err != nil {
		return nil, err
	}
	return struct {
		Name                *string         `json:"name"`
		UserEmail           *string         `json:"userEmail"`
		UserName            *string         `json:"userName"`
		ExpiresAt           *string         `json:"expiresAt"`
		MaxMachinesOverride *int            `json:"maxMachinesOverride"`
		ProductID           string          `json:"productId"`
		PolicyID            string          `json:"policyId"`
		Metadata            json.RawMessage `json:"metadata"`
	}{a.Name, a.UserEmail, a.UserName, a.ExpiresAt, a.MaxMachinesOverride, a.ProductID, a.PolicyID, a.Metadata}, nil
}

// statusAction runs POST /licenses/{id}/suspend|reinstate|revoke
// (assumed paths). Expire, which Licentric does by itself when expiresAt
// passes, is sent as PATCH {"status": "expired"} (assumed).
func (t *Target) statusAction(ctx context.Context, id string, a license.StatusAction) error {
	if a == license.Expire {
		return t.patchLicense(ctx, id, map[string]any{"status": "expired"})
	}
	var ans struct {
		Data json.RawMessage `json:"data"`
	}
	if err := t.c.do(ctx, call{method: "POST", path: fmt.Sprintf("/licenses/%s/%s", url.PathEscape(id), a)}, &ans); err != nil {
		return err
	}
	return t.recordAnswer(ctx, ans.Data)
}

// validateAnswer is the assumed validate-key answer: {data: {valid, code, license}}.
type validateAnswer struct {
	Data struct {
		Valid bool   `json:"valid"`
		Code  string `json:"code"`
	} `json:"data"`
}

func (t *Target) validateKey(ctx context.Context, key license.Key, fingerprint string) (validateAnswer, error) {
	body := map[string]any{"key": key.Reveal()}
	if fingerprint != "" {
		body["fingerprint"] = fingerprint
	}
	var ans validateAnswer
	err := t.c.do(ctx, call{method: "POST", path: "/licenses/validate-key", body: body, validate: true}, &ans)
	return ans, err
}

// activeAlready says an activation was refused because a machine with
// the fingerprint is active on the license already: assumed 409 CONFLICT,
// as Licentric answers a duplicate elsewhere (its docs state fingerprints
// unique per license under PER_LICENSE, not the answer).
func activeAlready(err error) bool { return IsCode(err, 409, "CONFLICT") }

// atMachineLimit says an activation was refused because the license holds
// as many machines as its limit allows: assumed 422 with the code
// MACHINE_LIMIT_EXCEEDED that validate-key documents for the same case.
func atMachineLimit(err error) bool { return IsCode(err, 422, "MACHINE_LIMIT_EXCEEDED") }

// machinePlatform is Licentric's platform word for what a source platform
// wrote (free text: "macOS 14", "Windows"); "" (left out) when it is none
// of Licentric's macos, windows, linux, docker, kubernetes.
func machinePlatform(p string) string {
	s := strings.ToLower(p)
	for _, w := range []string{"macos", "windows", "linux", "docker", "kubernetes"} {
		if strings.HasPrefix(s, w) {
			return w
		}
	}
	if strings.HasPrefix(s, "darwin") || strings.HasPrefix(s, "mac os") {
		return "macos"
	}
	return ""
}

// IsCode reports whether err is an APIError with that status and code.
func IsCode(err error, status int, code string) bool {
	var e *APIError
	return errors.As(err, &e) && e.Status == status && e.Code == code
}
