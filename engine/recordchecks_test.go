package engine

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/license"
)

// signedKey signs a payload as Keygen's ED25519_SIGN scheme does:
// "key/" + base64url(payload), signed, "." + base64url(signature).
func signedKey(priv ed25519.PrivateKey, payload string) string {
	data := "key/" + base64.URLEncoding.EncodeToString([]byte(payload))
	return data + "." + base64.URLEncoding.EncodeToString(ed25519.Sign(priv, []byte(data)))
}

// keygenLicense is one license of a generated Keygen dump.
func keygenLicense(id, key, scheme, expiry string) map[string]any {
	return map[string]any{"id": id, "type": "licenses",
		"attributes":    map[string]any{"key": key, "scheme": scheme, "expiry": expiry, "status": "ACTIVE"},
		"relationships": map[string]any{"policy": map[string]any{"data": map[string]any{"type": "policies", "id": "pol-1"}}}}
}

// TestSignedKeysReportedThroughThePlan writes a Keygen dump of keys
// signed with a generated Ed25519 key pair (one good, one whose payload
// was changed under its signature, one whose embedded expiry differs
// from the record, one RSA key with no RSA public key configured) and
// reads it through the engine as a plan does.
func TestSignedKeysReportedThroughThePlan(t *testing.T) {
	priv := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	claims := func(exp string) string { return fmt.Sprintf(`{"expiry":%q,"policy":"pol-1"}`, exp) }
	good := signedKey(priv, claims("2027-01-31T00:00:00.000Z"))
	head, _, _ := strings.Cut(signedKey(priv, claims("2099-01-31T00:00:00.000Z")), ".")
	_, sig, _ := strings.Cut(good, ".")
	tampered := head + "." + sig
	late := signedKey(priv, claims("2026-01-31T00:00:00.000Z"))
	dump := map[string]any{
		"data": []any{
			keygenLicense("l1", good, "ED25519_SIGN", "2027-01-31T00:00:00.000Z"),
			keygenLicense("l2", tampered, "ED25519_SIGN", "2027-01-31T00:00:00.000Z"),
			keygenLicense("l3", late, "ED25519_SIGN", "2027-01-31T00:00:00.000Z"),
			keygenLicense("l4", "key/eyJ4IjoxfQ==.c2ln", "RSA_2048_PKCS1_PSS_SIGN_V2", "2027-01-31T00:00:00.000Z"),
			keygenLicense("l5", "PLAIN-KEY-0001", "", "2027-01-31T00:00:00.000Z"),
		},
		"included": []any{map[string]any{"id": "pol-1", "type": "policies", "attributes": map[string]any{"name": "Pro"}}},
	}
	dir := t.TempDir()
	body, _ := json.MarshalIndent(dump, "", " ")
	write(t, filepath.Join(dir, "dump.json"), string(body))
	pub := hex.EncodeToString(priv.Public().(ed25519.PublicKey))
	write(t, filepath.Join(dir, "licentric.yaml"), `version: 1
products: [{code: app, name: App}]
policies: [{id: pro, product: app, name: Pro, max_machines: 1}]
sources:
  - {name: kg, platform: keygen, path: dump.json, rules: [{policy: pro}], signed_keys: {ed25519: "`+pub+`"}}
`)
	e, err := Load(filepath.Join(dir, "licentric.yaml"), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), "test")
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.Desired(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var warnings []string
	for _, f := range res.Findings {
		warnings = append(warnings, f.Message)
	}
	all := strings.Join(warnings, "\n")
	file := "dump.json"
	for _, want := range []string{
		"source kg: 1 signed keys (RSA_2048_PKCS1_PSS_SIGN_V2) were not checked: no rsa public key; add signed_keys: { rsa: \"…\" }",
		"source kg: 1 signed keys fail their signature check with the account's public key",
		license.Key(tampered).Ref() + " at " + file + ":",
		"source kg: 1 signed keys embed an expiry that differs from the platform's record",
		license.Key(late).Ref() + " at " + file + ":",
		"(expiry: the key says 2026-01-31T00:00:00Z, the platform's record says 2027-01-31T00:00:00Z)",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings lack %q:\n%s", want, all)
		}
	}
	for _, secret := range []string{good, tampered, late, pub} {
		if strings.Contains(all, secret) {
			t.Errorf("a key or public key appears in the warnings:\n%s", all)
		}
	}
	if strings.Contains(all, license.Key(good).Ref()) || strings.Count(all, "signed keys") != 3 {
		t.Errorf("the good key was reported, or other warnings appeared:\n%s", all)
	}
}
