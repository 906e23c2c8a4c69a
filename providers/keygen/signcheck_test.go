package keygen

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
)

var testSigner = ed25519.NewKeyFromSeed([]byte("licentric-sync signed key tests!"))

func signed(payload string) string {
	data := "key/" + base64.URLEncoding.EncodeToString([]byte(payload))
	return data + "." + base64.URLEncoding.EncodeToString(ed25519.Sign(testSigner, []byte(data)))
}

// checkOne runs one license through a check.
func checkOne(c interface {
	Check(*providers.Record, *license.License)
}, key, scheme, policy string, line int) {
	checkRecord(c, "", key, scheme, policy, line)
}

// checkOneID runs one plain-key license with an id through a check.
func checkOneID(c interface {
	Check(*providers.Record, *license.License)
}, id, key, policy string, line int) {
	checkRecord(c, id, key, "", policy, line)
}

func checkRecord(c interface {
	Check(*providers.Record, *license.License)
}, id, key, scheme, policy string, line int) {
	var r providers.Record
	r.Put(providers.FID, id)
	r.Put(providers.FScheme, scheme)
	r.Put(providers.FPolicyID, policy)
	exp := time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)
	l := license.License{Key: license.Key(key), ExpiresAt: &exp, Origin: license.Origin{File: "dump.json", Line: line}}
	c.Check(&r, &l)
}

// TestSignedCheckFindings: what each kind of key yields, worded once
// per kind with counts and key references.
func TestSignedCheckFindings(t *testing.T) {
	c := newSignedCheck()
	c.keys.Ed25519 = testSigner.Public().(ed25519.PublicKey)
	ok := signed(`{"expiry":"2027-01-31T00:00:00Z","policy":"pol-1"}`)
	otherPolicy := signed(`{"policy":"pol-2"}`)
	checkOne(c, ok, "ED25519_SIGN", "pol-1", 1)
	checkOne(c, otherPolicy, "ED25519_SIGN", "pol-1", 2)
	checkOne(c, "ABCD-1234", "ED25519_SIGN", "pol-1", 3)            // not in signed form
	checkOne(c, "eyJhbGciOi.x.y", "RSA_2048_JWT_RS256", "pol-1", 4) // a JWT: not checked
	checkOne(c, ok, "ECDSA_P256_SIGN", "pol-1", 5)                  // no ECDSA key
	checkOne(c, "PLAIN", "", "pol-1", 6)                            // no scheme: ignored
	checkOne(c, signed("seed"), "ED25519_SIGN", "pol-1", 7)         // a plain seed: no claims
	want := []string{
		`1 signed keys (ECDSA_P256_SIGN) were not checked: no ecdsa public key; add signed_keys: { ecdsa: "…" } to the source, copied from Keygen's dashboard (Settings, public keys); public keys are not secrets`,
		"1 keys of a signing scheme are not in signed form (payload.signature, key/ for version-2 schemes): an app that verifies keys offline rejects them; first: " +
			license.Key("ABCD-1234").Ref() + " at dump.json:3",
		"1 signed keys embed a policy that differs from the platform's record: an app verifying offline trusts the key, not the server; first: " +
			license.Key(otherPolicy).Ref() + " at dump.json:2 (policy: the key says pol-2, the platform's record says pol-1)",
		"1 keys of scheme RSA_2048_JWT_RS256 are not signatures that can be checked offline (encrypted keys or JWTs); they were not checked",
	}
	if diff := cmp.Diff(want, c.Findings()); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

// TestSignedCheckExamplesBounded: a thousand bad keys are one warning
// naming three.
func TestSignedCheckExamplesBounded(t *testing.T) {
	c := newSignedCheck()
	c.keys.Ed25519 = testSigner.Public().(ed25519.PublicKey)
	_, sig, _ := strings.Cut(signed("a"), ".")
	for i := range 1000 {
		checkOne(c, "key/"+base64.URLEncoding.EncodeToString([]byte{byte(i), 1})+"."+sig, "ED25519_SIGN", "", i+1)
	}
	f := c.Findings()
	if len(f) != 1 || !strings.HasPrefix(f[0], "1000 signed keys fail") || strings.Count(f[0], " at dump.json:") != maxExamples {
		t.Fatalf("findings %q: want one, counting 1000, naming %d", f, maxExamples)
	}
}

// TestPublicKeysFromConfigAndAccount: signed_keys: in Keygen's
// spellings, refusals naming the member, and the account document's
// meta.keys (Base64, as app/serializers/account_serializer.rb writes).
func TestPublicKeysFromConfigAndAccount(t *testing.T) {
	pub := testSigner.Public().(ed25519.PublicKey)
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&rk.PublicKey)
	rsaPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	ctx := context.Background()
	src := config.Source{Name: "kg", Line: 7, SignedKeys: map[string]string{"ed25519": hex.EncodeToString(pub), "rsa": rsaPEM}}
	c, err := startSignedCheck(ctx, src, nil)
	if err != nil || !c.(*signedCheck).keys.Ed25519.Equal(pub) || !c.(*signedCheck).keys.RSA.Equal(&rk.PublicKey) {
		t.Fatalf("signed_keys: %v", err)
	}
	src.SignedKeys = map[string]string{"ed25519": "not a key"}
	if _, err := startSignedCheck(ctx, src, nil); err == nil || !strings.Contains(err.Error(), "source kg (line 7): signed_keys.ed25519: ") {
		t.Errorf("unreadable key: %v", err)
	}
	src.SignedKeys = nil
	b64 := base64.StdEncoding.EncodeToString
	doc := `{"data":{"type":"accounts","id":"a1","attributes":{"slug":"acme"},"meta":{"publicKey":"` + b64([]byte(rsaPEM)) +
		`","keys":{"ed25519":"` + b64([]byte(hex.EncodeToString(pub))) + `","rsa2048":"` + b64([]byte(rsaPEM)) + `"}}}}`
	var asked []string
	fetch := func(_ context.Context, path string) ([]byte, error) {
		asked = append(asked, path)
		return []byte(doc), nil
	}
	c, err = startSignedCheck(ctx, src, fetch)
	if err != nil || !c.(*signedCheck).keys.Ed25519.Equal(pub) || !c.(*signedCheck).keys.RSA.Equal(&rk.PublicKey) || !cmp.Equal(asked, []string{""}) {
		t.Fatalf("account keys: %v (asked %q)", err, asked)
	}
	c, _ = startSignedCheck(ctx, config.Source{SignedKeys: map[string]string{"ed25519": hex.EncodeToString(pub)}}, nil)
	checkOne(c, signed("x"), "", "", 1)
	if f := c.Findings(); len(f) != 1 || !strings.HasPrefix(f[0], "signed_keys: is given but no license names its key scheme") {
		t.Errorf("keys given, no scheme read: %q", f)
	}
	live := config.Source{API: &config.API{URL: "https://api.keygen.sh/v1/accounts/acme"}, Entitlements: map[string]string{"A": "a"}}
	c, _ = startSignedCheck(ctx, live, nil)
	if f := c.Findings(); len(f) != 1 || !strings.HasPrefix(f[0], "the read listed no policy's entitlements") {
		t.Errorf("a live source renaming entitlements: %q", f)
	}
	failing := func(context.Context, string) ([]byte, error) { return nil, errors.New("HTTP 403") }
	c, err = startSignedCheck(ctx, src, failing)
	if err != nil {
		t.Fatal(err)
	}
	checkOne(c, signed("x"), "ED25519_SIGN", "", 1)
	if f := c.Findings(); len(f) != 1 || !strings.Contains(f[0], "no ed25519 public key (reading the account at api.url: HTTP 403)") {
		t.Errorf("unreadable account: %q", f)
	}
}
