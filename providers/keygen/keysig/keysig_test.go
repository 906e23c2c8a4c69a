package keysig

import (
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"strings"
	"testing"
)

// signers are generated once: an account's three private keys.
type signers struct {
	ed  ed25519.PrivateKey
	rsa *rsa.PrivateKey
	ec  *ecdsa.PrivateKey
}

func newSigners(t *testing.T) signers {
	t.Helper()
	_, ed, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	r, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return signers{ed, r, ec}
}

func (s signers) public() PublicKeys {
	return PublicKeys{Ed25519: s.ed.Public().(ed25519.PublicKey), RSA: &s.rsa.PublicKey, ECDSA: &s.ec.PublicKey}
}

// sign signs data as Keygen's account keys do for one algorithm.
func (s signers) sign(t *testing.T, alg algorithm, data []byte) []byte {
	t.Helper()
	d := sha256.Sum256(data)
	var sig []byte
	var err error
	switch alg {
	case algEd25519:
		sig = ed25519.Sign(s.ed, data)
	case algECDSA:
		sig, err = ecdsa.SignASN1(rand.Reader, s.ec, d[:])
	case algRSAPSS:
		sig, err = rsa.SignPSS(rand.Reader, s.rsa, crypto.SHA256, d[:], &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
	case algRSAPKCS1:
		sig, err = rsa.SignPKCS1v15(rand.Reader, s.rsa, crypto.SHA256, d[:])
	}
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// signedKey builds a key the way app/models/license.rb does: version 2
// signs "key/" + base64url(seed); version 1 signs the seed itself.
func (s signers) signedKey(t *testing.T, alg algorithm, seed string, v2 bool) string {
	enc := base64.URLEncoding.EncodeToString([]byte(seed))
	if v2 {
		data := keyPrefix + enc
		return data + "." + base64.URLEncoding.EncodeToString(s.sign(t, alg, []byte(data)))
	}
	return enc + "." + base64.URLEncoding.EncodeToString(s.sign(t, alg, []byte(seed)))
}

func TestVerifyKeyEverySchemeAndTampering(t *testing.T) {
	s := newSigners(t)
	other := newSigners(t)
	seed := `{"id":"3f1c","expiry":"2027-01-31T00:00:00.000Z","policy":"pol-1"}`
	cases := []struct {
		scheme Scheme
		alg    algorithm
		v2     bool
	}{
		{SchemeEd25519, algEd25519, true},
		{SchemeECDSAP256, algECDSA, true},
		{SchemeRSAPSSV2, algRSAPSS, true},
		{SchemeRSAPKCS1V2, algRSAPKCS1, true},
		{SchemeRSAPSSV1, algRSAPSS, false},
		{SchemeRSAPKCS1V1, algRSAPKCS1, false},
	}
	for _, c := range cases {
		t.Run(string(c.scheme), func(t *testing.T) {
			key := s.signedKey(t, c.alg, seed, c.v2)
			for _, scheme := range []Scheme{c.scheme, ""} {
				got, err := VerifyKey(s.public(), scheme, key)
				if err != nil || string(got) != seed {
					t.Fatalf("scheme %q: got %q, %v", scheme, got, err)
				}
			}
			if _, err := VerifyKey(other.public(), c.scheme, key); !errors.Is(err, ErrSignature) {
				t.Errorf("another account's key: %v, want ErrSignature", err)
			}
			forged := s.signedKey(t, c.alg, strings.Replace(seed, "2027", "2099", 1), c.v2)
			head, _, _ := strings.Cut(forged, ".")
			_, sig, _ := strings.Cut(key, ".")
			if _, err := VerifyKey(s.public(), c.scheme, head+"."+sig); !errors.Is(err, ErrSignature) {
				t.Errorf("payload changed under the old signature: %v, want ErrSignature", err)
			}
		})
	}
}

func TestVerifyKeyRefusals(t *testing.T) {
	s := newSigners(t)
	key := s.signedKey(t, algEd25519, "seed", true)
	cases := []struct {
		name   string
		keys   PublicKeys
		scheme Scheme
		key    string
		want   error
	}{
		{"plain key", s.public(), "", "ABCD-1234-EF56", ErrNotSigned},
		{"two dots", s.public(), "", key + ".x", ErrNotSigned},
		{"bad base64", s.public(), "", "key/!!!.AAAA", ErrNotSigned},
		{"no keys at all", PublicKeys{}, "", key, ErrNoPublicKey},
		{"only an RSA key for an ed25519 scheme", PublicKeys{RSA: &s.rsa.PublicKey}, SchemeEd25519, key, ErrNoPublicKey},
		{"v2 scheme without the prefix", s.public(), SchemeEd25519, strings.TrimPrefix(key, keyPrefix), ErrNotSigned},
		{"encrypted scheme", s.public(), "RSA_2048_PKCS1_ENCRYPT", key, ErrScheme},
	}
	for _, c := range cases {
		if _, err := VerifyKey(c.keys, c.scheme, c.key); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}

func TestParsePublicKeysInKeygensSpellings(t *testing.T) {
	s := newSigners(t)
	pub := s.ed.Public().(ed25519.PublicKey)
	hexText := hex.EncodeToString(pub)
	der, _ := x509.MarshalPKIXPublicKey(pub)
	pemText := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	for _, text := range []string{hexText, base64.StdEncoding.EncodeToString([]byte(hexText)), base64.StdEncoding.EncodeToString(pub), pemText} {
		got, err := ParseEd25519(text)
		if err != nil || !got.Equal(pub) {
			t.Errorf("ParseEd25519(%.20q…) = %v", text, err)
		}
	}
	if _, err := ParseEd25519("not a key"); err == nil {
		t.Error("ParseEd25519 accepted junk")
	}
	rsaDER, _ := x509.MarshalPKIXPublicKey(&s.rsa.PublicKey)
	rsaPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: rsaDER}))
	pkcs1 := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&s.rsa.PublicKey)}))
	for _, text := range []string{rsaPEM, pkcs1, base64.StdEncoding.EncodeToString([]byte(rsaPEM))} {
		if got, err := ParseRSA(text); err != nil || !got.Equal(&s.rsa.PublicKey) {
			t.Errorf("ParseRSA: %v", err)
		}
	}
	ecDER, _ := x509.MarshalPKIXPublicKey(&s.ec.PublicKey)
	ecPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: ecDER}))
	if got, err := ParseECDSA(base64.StdEncoding.EncodeToString([]byte(ecPEM))); err != nil || !got.Equal(&s.ec.PublicKey) {
		t.Errorf("ParseECDSA: %v", err)
	}
	if _, err := ParseRSA(ecPEM); err == nil {
		t.Error("ParseRSA accepted an ECDSA key")
	}
}

// licenseFile builds a file as app/services/abstract_checkout_service.rb
// does: enc is base64 (or AES-256-GCM ciphertext.iv.tag), signed over
// "license/" + enc, the {enc,sig,alg} JSON base64-encoded in the block.
func (s signers) licenseFile(t *testing.T, doc, licenseKey string, encrypt bool, alg algorithm) string {
	t.Helper()
	enc, name := base64.StdEncoding.EncodeToString([]byte(doc)), "base64"
	if encrypt {
		k := sha256.Sum256([]byte(licenseKey))
		block, _ := aes.NewCipher(k[:])
		gcm, _ := cipher.NewGCM(block)
		iv := make([]byte, gcm.NonceSize())
		_, _ = rand.Read(iv)
		sealed := gcm.Seal(nil, iv, []byte(doc), nil)
		ct, tag := sealed[:len(sealed)-gcm.Overhead()], sealed[len(sealed)-gcm.Overhead():]
		b := base64.StdEncoding.EncodeToString
		enc, name = b(ct)+"."+b(iv)+"."+b(tag), "aes-256-gcm"
	}
	sig := base64.StdEncoding.EncodeToString(s.sign(t, alg, []byte("license/"+enc)))
	body, _ := json.Marshal(map[string]string{"enc": enc, "sig": sig, "alg": name + "+" + string(alg)})
	wrapped := base64.StdEncoding.EncodeToString(body)
	var lines []string
	for len(wrapped) > 60 {
		lines, wrapped = append(lines, wrapped[:60]), wrapped[60:]
	}
	lines = append(lines, wrapped)
	return fileBegin + "\n" + strings.Join(lines, "\n") + "\n" + fileEnd + "\n"
}

func TestVerifyLicenseFile(t *testing.T) {
	s, other := newSigners(t), newSigners(t)
	doc := `{"data":{"type":"licenses","attributes":{"expiry":"2027-01-31T00:00:00.000Z"},"relationships":{"policy":{"data":{"type":"policies","id":"pol-1"}}}},"meta":{"expiry":"2026-01-01T00:00:00Z"}}`
	for _, encrypt := range []bool{false, true} {
		for _, alg := range []algorithm{algEd25519, algRSAPSS, algRSAPKCS1, algECDSA} {
			file := s.licenseFile(t, doc, "LIC-KEY-1", encrypt, alg)
			got, err := VerifyLicenseFile(s.public(), file, "LIC-KEY-1")
			if err != nil || string(got) != doc {
				t.Fatalf("encrypt=%v %s: %q, %v", encrypt, alg, got, err)
			}
			if _, err := VerifyLicenseFile(other.public(), file, "LIC-KEY-1"); !errors.Is(err, ErrSignature) {
				t.Errorf("another account: %v", err)
			}
		}
	}
	enc := s.licenseFile(t, doc, "LIC-KEY-1", true, algEd25519)
	if _, err := VerifyLicenseFile(s.public(), enc, "OTHER-KEY"); err == nil || strings.Contains(err.Error(), "OTHER-KEY") {
		t.Errorf("wrong license key: %v (must fail without echoing the key)", err)
	}
	if _, err := VerifyLicenseFile(s.public(), "no block here", ""); err == nil {
		t.Error("text without a block accepted")
	}
}
