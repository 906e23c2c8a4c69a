package keygen

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
)

// licenseFile writes a file as Keygen's checkout does (base64 encoding,
// Ed25519 signature over "license/" + enc), for a license document
// with expiry and policy.
func licenseFile(t *testing.T, path, expiry, policy string, tamper bool) {
	t.Helper()
	doc := `{"data":{"type":"licenses","attributes":{"expiry":"` + expiry + `"},"relationships":{"policy":{"data":{"type":"policies","id":"` + policy + `"}}}}}`
	enc := base64.StdEncoding.EncodeToString([]byte(doc))
	sig := base64.StdEncoding.EncodeToString(ed25519.Sign(testSigner, []byte("license/"+enc)))
	if tamper {
		enc = base64.StdEncoding.EncodeToString([]byte(strings.Replace(doc, "2027", "2099", 1)))
	}
	body, _ := json.Marshal(map[string]string{"enc": enc, "sig": sig, "alg": "base64+ed25519"})
	text := "-----BEGIN LICENSE FILE-----\n" + base64.StdEncoding.EncodeToString(body) + "\n-----END LICENSE FILE-----\n"
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestLicenseFilesChecked: files named <license id>.lic are verified
// and compared with their license's record; a tampered file, an expiry
// that differs, a file naming no license read and a misnamed file are
// each one finding.
func TestLicenseFilesChecked(t *testing.T) {
	dir := t.TempDir()
	licenseFile(t, filepath.Join(dir, "l1.lic"), "2027-01-31T00:00:00.000Z", "pol-1", false)
	licenseFile(t, filepath.Join(dir, "l2.lic"), "2027-01-31T00:00:00.000Z", "pol-1", true)
	licenseFile(t, filepath.Join(dir, "l3.lic"), "2026-06-30T00:00:00.000Z", "pol-1", false)
	licenseFile(t, filepath.Join(dir, "gone.lic"), "2027-01-31T00:00:00.000Z", "pol-1", false)
	licenseFile(t, filepath.Join(dir, "license.lic.bak"), "2027-01-31T00:00:00.000Z", "pol-1", false)
	pub := hex.EncodeToString(testSigner.Public().(ed25519.PublicKey))
	src := config.Source{Name: "kg", SignedKeys: map[string]string{"ed25519": pub}, LicenseFiles: filepath.Join(dir, "*")}
	c, err := startSignedCheck(context.Background(), src, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range []string{"l1", "l2", "l3", "l4"} {
		checkOneID(c, id, "PLAIN-"+id, "pol-1", i+1)
	}
	want := []string{
		"1 license files fail their signature check with the account's public key: an app that verifies them offline rejects them; first: l2.lic (" +
			license.Key("PLAIN-l2").Ref() + " at dump.json:2)",
		"1 license files hold an expiry that differs from the platform's record: an app verifying offline trusts the file until it is checked out again; first: l3.lic (" +
			license.Key("PLAIN-l3").Ref() + " at dump.json:3) (expiry: the key says 2026-06-30T00:00:00Z, the platform's record says 2027-01-31T00:00:00Z)",
		"1 license files name no license the source read (Keygen names each <license id>.lic); first: gone",
		"1 files under license_files are not named <license id>.lic, so no license is matched to them; first: license.lic.bak",
	}
	if diff := cmp.Diff(want, c.Findings()); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}
