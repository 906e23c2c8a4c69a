// Package keysig checks Keygen's signed license keys and license files
// offline, the way a customer's app does: an app that verifies a key
// with the account's public key trusts what the key says, not what the
// server says, so a key whose signature fails or whose embedded expiry
// or policy disagrees with the platform's record breaks at cutover
// without any server answering differently.
//
// Keygen's formats (keygen-sh/keygen-api, app/models/license.rb and
// app/services/abstract_checkout_service.rb): a signed key is
// "key/" + base64url(payload) + "." + base64url(signature), the signature
// taken over "key/" + base64url(payload); a license file is a
// "-----BEGIN LICENSE FILE-----" block holding base64 JSON
// {enc, sig, alg} whose signature covers "license/" + enc. Only the
// standard library's crypto is used.
package keysig

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
)

// PublicKeys are an account's verify keys; a nil one is not configured.
// Keygen gives every account all three (its account document's
// meta.keys: ed25519, rsa2048, ecdsa), and each policy's scheme picks one.
type PublicKeys struct {
	Ed25519 ed25519.PublicKey
	RSA     *rsa.PublicKey
	ECDSA   *ecdsa.PublicKey
}

// Empty reports whether no key is configured: nothing can be verified.
func (k PublicKeys) Empty() bool { return k.Ed25519 == nil && k.RSA == nil && k.ECDSA == nil }

// ParseEd25519 reads an Ed25519 verify key in any spelling Keygen shows
// it: 64 hex characters (the dashboard and docs), base64 of those hex
// characters (the account document's meta.keys.ed25519), or base64 of
// the 32 raw bytes, or a PEM "PUBLIC KEY" block.
func ParseEd25519(text string) (ed25519.PublicKey, error) {
	text = strings.TrimSpace(text)
	if strings.HasPrefix(text, "-----BEGIN") {
		pub, err := parsePEM(text)
		if err != nil {
			return nil, err
		}
		if k, ok := pub.(ed25519.PublicKey); ok {
			return k, nil
		}
		return nil, fmt.Errorf("ed25519 public key: the PEM block holds a %T, not an Ed25519 key", pub)
	}
	if raw, ok := hexKey(text); ok {
		return raw, nil
	}
	if b, err := base64.StdEncoding.DecodeString(text); err == nil {
		if raw, ok := hexKey(string(b)); ok {
			return raw, nil
		}
		if len(b) == ed25519.PublicKeySize {
			return ed25519.PublicKey(b), nil
		}
	}
	return nil, errors.New("ed25519 public key: expected 64 hex characters (as Keygen's dashboard shows it), their base64, or a PEM block; copy it from the account's settings")
}

// hexKey decodes 64 hex characters into a 32-byte key.
func hexKey(s string) (ed25519.PublicKey, bool) {
	if len(s) != 2*ed25519.PublicKeySize {
		return nil, false
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, false
	}
	return ed25519.PublicKey(b), true
}

// ParseRSA reads an RSA verify key: PEM (PKIX "PUBLIC KEY" or PKCS #1
// "RSA PUBLIC KEY", as Keygen shows it), or base64 of that PEM (the
// account document's meta.keys.rsa2048).
func ParseRSA(text string) (*rsa.PublicKey, error) { return parsePublic[*rsa.PublicKey](text, "RSA") }

// ParseECDSA reads a P-256 verify key: PEM, or base64 of that PEM (the
// account document's meta.keys.ecdsa).
func ParseECDSA(text string) (*ecdsa.PublicKey, error) {
	return parsePublic[*ecdsa.PublicKey](text, "ECDSA")
}

// parsePublic reads a verify key of type K (named kind in errors) from
// PEM or base64 of that PEM: one reading for every algorithm whose key
// Keygen shows as PEM.
func parsePublic[K any](text, kind string) (K, error) {
	var none K
	pub, err := parsePEM(unwrapBase64PEM(text))
	if err != nil {
		return none, fmt.Errorf("%s public key: %w", strings.ToLower(kind), err)
	}
	k, ok := pub.(K)
	if !ok {
		return none, fmt.Errorf("%s public key: the PEM block holds a %T, not an %s key", strings.ToLower(kind), pub, kind)
	}
	return k, nil
}

// unwrapBase64PEM turns base64 of a PEM document back into the PEM;
// anything else is returned as it is.
func unwrapBase64PEM(text string) string {
	text = strings.TrimSpace(text)
	if strings.HasPrefix(text, "-----BEGIN") {
		return text
	}
	if b, err := base64.StdEncoding.DecodeString(text); err == nil && strings.HasPrefix(strings.TrimSpace(string(b)), "-----BEGIN") {
		return string(b)
	}
	return text
}

// parsePEM decodes the first PEM block as a PKIX or PKCS #1 public key.
func parsePEM(text string) (any, error) {
	block, _ := pem.Decode([]byte(strings.TrimSpace(text)))
	if block == nil {
		return nil, errors.New("expected a PEM block (-----BEGIN PUBLIC KEY-----) or its base64")
	}
	if block.Type == "RSA PUBLIC KEY" {
		return x509.ParsePKCS1PublicKey(block.Bytes)
	}
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("PEM block %q: %w", block.Type, err)
	}
	return pub, nil
}
