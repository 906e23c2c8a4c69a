package sandbox_test

import (
	"context"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/providers/httpx/httpxtest"
	"github.com/licentric/licentric-sync/sandbox"
)

// TestValidateKeyExpiresOnItsClock: validate-key decides EXPIRED on the
// sandbox's clock (Options.Now), not the wall's, so a test that pins it
// gets the same answer in any year: a license expiring 2030-01-01 is
// VALID the day before and EXPIRED the day after.
func TestValidateKeyExpiresOnItsClock(t *testing.T) {
	clock := httpxtest.NewClock(time.Date(2029, 12, 31, 0, 0, 0, 0, time.UTC))
	a := start(t, sandbox.Options{Now: clock.Now})
	productID, policyID := a.catalog()
	rows := map[string]any{"licenses": []map[string]any{
		{"key": "K-EXP", "productId": productID, "policyId": policyID, "status": "active", "expiresAt": "2030-01-01T00:00:00.000Z"},
	}}
	if resp, body := a.do("POST", "/migrations/import", rows, "Idempotency-Key", "clock-1"); resp.StatusCode != 200 {
		t.Fatalf("import: HTTP %d %v", resp.StatusCode, body)
	}
	for _, want := range []string{"VALID", "EXPIRED"} {
		_, v := a.do("POST", "/licenses/validate-key", map[string]any{"key": "K-EXP"})
		if d, _ := v["data"].(map[string]any); d["code"] != want {
			t.Errorf("validate-key on %s: %v; want %s", clock.Now().Format(time.DateOnly), v, want)
		}
		_ = clock.Sleep(context.Background(), 48*time.Hour)
	}
}
