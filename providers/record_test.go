package providers

import (
	"testing"

	"github.com/licentric/licentric-sync/config"
)

// TestFieldNamesAreTheConfigs ties the Field constants to the one list of
// canonical names in config.
func TestFieldNamesAreTheConfigs(t *testing.T) {
	if len(config.CanonicalFields) != int(NumFields) {
		t.Fatalf("config.CanonicalFields has %d names, providers has %d fields", len(config.CanonicalFields), NumFields)
	}
	for f, want := range map[Field]string{FKey: "key", FEmail: "email", FStatus: "status", FExpiresAt: "expires_at",
		FPolicyID: "policy_id", FMaxMachines: "max_machines", FMetadata: "metadata", FTestMode: "test_mode"} {
		if f.String() != want {
			t.Errorf("%d.String() = %q, want %q", f, f.String(), want)
		}
		if got, ok := FieldByName(want); !ok || got != f {
			t.Errorf("FieldByName(%q) = %d, %v", want, got, ok)
		}
	}
}
