package keysig

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// maxLicenseFile bounds a license file's text: Keygen's hold one license
// document and a few includes, well under this.
const maxLicenseFile = 1 << 20

const (
	fileBegin = "-----BEGIN LICENSE FILE-----"
	fileEnd   = "-----END LICENSE FILE-----"
)

// VerifyLicenseFile checks a license file's signature and returns the
// JSON:API license document it carries, decrypting it with the license
// key when the file was encrypted (Keygen: AES-256-GCM under the SHA-256
// of the key). The key is used only for that and never returned.
func VerifyLicenseFile(keys PublicKeys, text, licenseKey string) ([]byte, error) {
	if len(text) > maxLicenseFile {
		return nil, fmt.Errorf("license file: larger than %d bytes", maxLicenseFile)
	}
	body, ok := between(text, fileBegin, fileEnd)
	if !ok {
		return nil, fmt.Errorf("license file: no %s … %s block", fileBegin, fileEnd)
	}
	raw, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		return nil, fmt.Errorf("license file: the block is not base64: %w", err)
	}
	var doc struct{ Enc, Sig, Alg string }
	if err := json.Unmarshal(raw, &doc); err != nil || doc.Enc == "" || doc.Sig == "" {
		return nil, errors.New(`license file: expected {"enc","sig","alg"} inside the block`)
	}
	enc, sign, ok := strings.Cut(doc.Alg, "+")
	if !ok {
		return nil, fmt.Errorf("license file: algorithm %q is not ENCODING+SIGNING", doc.Alg)
	}
	if keys.Empty() {
		return nil, ErrNoPublicKey
	}
	sig, err := base64.StdEncoding.DecodeString(doc.Sig)
	if err != nil || !verify(keys, algorithm(sign), []byte("license/"+doc.Enc), sig) {
		if !anyKeyFor(keys, []algorithm{algorithm(sign)}) {
			return nil, fmt.Errorf("license file signed with %s: %w", sign, ErrNoPublicKey)
		}
		return nil, fmt.Errorf("license file: %w", ErrSignature)
	}
	return openPayload(enc, doc.Enc, licenseKey)
}

// openPayload turns the signed "enc" part back into the document.
func openPayload(enc, payload, licenseKey string) ([]byte, error) {
	switch enc {
	case "base64":
		out, err := base64.StdEncoding.DecodeString(payload)
		if err != nil {
			return nil, fmt.Errorf("license file: payload is not base64: %w", err)
		}
		return out, nil
	case "aes-256-gcm":
		return decrypt(payload, licenseKey)
	}
	return nil, fmt.Errorf("license file: unknown encoding %q", enc)
}

// decrypt opens "ciphertext.iv.tag" (each base64) with the license key.
func decrypt(payload, licenseKey string) ([]byte, error) {
	parts := strings.Split(payload, ".")
	if len(parts) != 3 {
		return nil, errors.New("license file: encrypted payload is not ciphertext.iv.tag")
	}
	var bs [3][]byte
	for i, p := range parts {
		b, err := base64.StdEncoding.DecodeString(p)
		if err != nil {
			return nil, fmt.Errorf("license file: encrypted payload part %d is not base64", i+1)
		}
		bs[i] = b
	}
	key := sha256.Sum256([]byte(licenseKey))
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCMWithNonceSize(block, max(len(bs[1]), 1))
	if err != nil {
		return nil, fmt.Errorf("license file: %w", err)
	}
	out, err := gcm.Open(nil, bs[1], append(bs[0], bs[2]...), nil)
	if err != nil {
		return nil, errors.New("license file: cannot decrypt with this license's key (a file for another license, or tampered)")
	}
	return out, nil
}

// between returns the text between two marker lines, newlines removed.
func between(text, begin, end string) (string, bool) {
	_, rest, ok := strings.Cut(text, begin)
	if !ok {
		return "", false
	}
	body, _, ok := strings.Cut(rest, end)
	if !ok {
		return "", false
	}
	return strings.Join(strings.Fields(body), ""), true
}
