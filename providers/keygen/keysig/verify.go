package keysig

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// Scheme is a policy's key scheme as Keygen spells it (the license's
// "scheme" attribute, app/models/policy.rb CRYPTO_SCHEMES).
type Scheme string

// The signing schemes whose keys can be checked offline. The encrypting
// ones (LEGACY_ENCRYPT, RSA_2048_PKCS1_ENCRYPT) and JWTs are not signed
// keys in this sense and are reported as not checked.
const (
	SchemeEd25519    Scheme = "ED25519_SIGN"
	SchemeECDSAP256  Scheme = "ECDSA_P256_SIGN"
	SchemeRSAPSSV2   Scheme = "RSA_2048_PKCS1_PSS_SIGN_V2"
	SchemeRSAPKCS1V2 Scheme = "RSA_2048_PKCS1_SIGN_V2"
	SchemeRSAPSSV1   Scheme = "RSA_2048_PKCS1_PSS_SIGN"
	SchemeRSAPKCS1V1 Scheme = "RSA_2048_PKCS1_SIGN"
)

// The ways a check fails, for callers to count and word findings.
var (
	// ErrNotSigned: the key has not the shape of a signed key.
	ErrNotSigned = errors.New("not a signed key")
	// ErrSignature: the shape is right but no configured public key verifies it.
	ErrSignature = errors.New("the signature does not verify with the account's public key")
	// ErrNoPublicKey: the scheme needs a public key the config does not give.
	ErrNoPublicKey = errors.New("no public key for this scheme is configured")
	// ErrScheme: a scheme whose keys are not signatures (encrypted keys, JWTs).
	ErrScheme = errors.New("this key scheme is not checked offline")
)

// keyPrefix is what Keygen puts before every version-2 signed key and
// into the data it signs.
const keyPrefix = "key/"

// VerifyKey checks a signed key and returns its payload (the seed key
// Keygen signed: often JSON the app reads). An empty scheme tries every
// configured public key, as an app that does not know the policy would.
func VerifyKey(keys PublicKeys, scheme Scheme, key string) ([]byte, error) {
	if keys.Empty() {
		return nil, ErrNoPublicKey
	}
	data, sig, ok := strings.Cut(key, ".")
	if !ok || strings.Contains(sig, ".") {
		return nil, ErrNotSigned
	}
	encoded, v2 := strings.CutPrefix(data, keyPrefix)
	payload, err1 := decodeURL(encoded)
	signature, err2 := decodeURL(sig)
	if err1 != nil || err2 != nil || len(payload) == 0 {
		return nil, ErrNotSigned
	}
	algs, err := algorithmsFor(scheme, v2)
	if err != nil {
		return nil, err
	}
	// Version 2 signs "key/" + the encoded payload; version 1 the payload.
	signed := payload
	if v2 {
		signed = []byte(data)
	}
	for _, alg := range algs {
		if verify(keys, alg, signed, signature) {
			return payload, nil
		}
	}
	if !anyKeyFor(keys, algs) {
		return nil, ErrNoPublicKey
	}
	return nil, ErrSignature
}

// algorithm is one of the signature checks Keygen's schemes use.
type algorithm string

const (
	algEd25519   algorithm = "ed25519"
	algECDSA     algorithm = "ecdsa-p256"
	algRSAPSS    algorithm = "rsa-pss-sha256"
	algRSAPKCS1  algorithm = "rsa-sha256"
	algUndefined algorithm = ""
)

// algorithmsFor maps a scheme, and whether the key has the version-2
// "key/" prefix, to the checks to try.
func algorithmsFor(scheme Scheme, v2 bool) ([]algorithm, error) {
	switch scheme {
	case "":
		if v2 {
			return []algorithm{algEd25519, algECDSA, algRSAPSS, algRSAPKCS1}, nil
		}
		return []algorithm{algRSAPSS, algRSAPKCS1}, nil
	case SchemeEd25519:
		return prefixed(v2, algEd25519)
	case SchemeECDSAP256:
		return prefixed(v2, algECDSA)
	case SchemeRSAPSSV2:
		return prefixed(v2, algRSAPSS)
	case SchemeRSAPKCS1V2:
		return prefixed(v2, algRSAPKCS1)
	case SchemeRSAPSSV1, SchemeRSAPKCS1V1:
		if v2 {
			return nil, ErrNotSigned
		}
		if scheme == SchemeRSAPSSV1 {
			return []algorithm{algRSAPSS}, nil
		}
		return []algorithm{algRSAPKCS1}, nil
	}
	return nil, fmt.Errorf("%w (%s)", ErrScheme, scheme)
}

// prefixed insists on the "key/" prefix the version-2 schemes write.
func prefixed(v2 bool, alg algorithm) ([]algorithm, error) {
	if !v2 {
		return nil, ErrNotSigned
	}
	return []algorithm{alg}, nil
}

// verify runs one signature check; a missing key is a failed check.
func verify(keys PublicKeys, alg algorithm, data, sig []byte) bool {
	digest := sha256.Sum256(data)
	switch alg {
	case algEd25519:
		return keys.Ed25519 != nil && ed25519.Verify(keys.Ed25519, data, sig)
	case algECDSA:
		return keys.ECDSA != nil && ecdsa.VerifyASN1(keys.ECDSA, digest[:], sig)
	case algRSAPSS:
		return keys.RSA != nil && rsa.VerifyPSS(keys.RSA, crypto.SHA256, digest[:], sig,
			&rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto, Hash: crypto.SHA256}) == nil
	case algRSAPKCS1:
		return keys.RSA != nil && rsa.VerifyPKCS1v15(keys.RSA, crypto.SHA256, digest[:], sig) == nil
	}
	return false
}

// anyKeyFor reports whether a public key exists for one of the checks.
func anyKeyFor(keys PublicKeys, algs []algorithm) bool {
	for _, a := range algs {
		switch {
		case a == algEd25519 && keys.Ed25519 != nil,
			a == algECDSA && keys.ECDSA != nil,
			(a == algRSAPSS || a == algRSAPKCS1) && keys.RSA != nil:
			return true
		}
	}
	return false
}

// decodeURL reads base64url with or without padding (Ruby's
// urlsafe_encode64 pads; other tools may not).
func decodeURL(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}
