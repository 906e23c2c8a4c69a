package keygen

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers/keygen/keysig"
	"github.com/licentric/licentric-sync/providers/platform"
)

// keyNames are signed_keys:'s members, each the config name of one of
// the account's public keys, in the order messages list them.
var keyNames = []string{"ed25519", "rsa", "ecdsa"}

// schemeKey names the public key (a signed_keys: member) each signing
// scheme needs (app/models/policy.rb CRYPTO_SCHEMES).
var schemeKey = map[keysig.Scheme]string{
	keysig.SchemeEd25519: "ed25519", keysig.SchemeECDSAP256: "ecdsa",
	keysig.SchemeRSAPSSV2: "rsa", keysig.SchemeRSAPKCS1V2: "rsa", keysig.SchemeRSAPSSV1: "rsa", keysig.SchemeRSAPKCS1V1: "rsa",
}

// startSignedCheck is Keygen's platform.StartCheck: it reads the
// account's public keys from signed_keys:, or, when the config gives
// none and the source is live, from the account document, and returns
// the check of every license's signed key. It also tells what the
// source's entitlements leave out (entitlementCheck).
func startSignedCheck(ctx context.Context, src config.Source, fetch platform.Fetch) (platform.RecordCheck, error) {
	c := newSignedCheck()
	files, err := newFileCheck(src.LicenseFiles)
	if err != nil {
		return nil, fmt.Errorf("source %s (line %d): %w", src.Name, src.Line, err)
	}
	c.files = files
	c.ents = entitlementCheck{live: src.Live(), renames: len(src.Entitlements) > 0}
	if len(src.SignedKeys) > 0 {
		keys, err := configKeys(src.SignedKeys)
		if err != nil {
			return nil, fmt.Errorf("source %s (line %d): %w", src.Name, src.Line, err)
		}
		c.keys, c.configured = keys, true
		return c, nil
	}
	if fetch != nil {
		keys, err := accountKeys(ctx, fetch)
		if err != nil {
			c.unread = err.Error()
		}
		c.keys, c.fromAPI = keys, err == nil
	}
	return c, nil
}

// configKeys reads signed_keys:; a key that cannot be read is an error
// naming the member and the spellings taken.
func configKeys(m map[string]string) (keysig.PublicKeys, error) {
	var k keysig.PublicKeys
	var err error
	for _, name := range keyNames {
		text, ok := m[name]
		if !ok {
			continue
		}
		switch name {
		case "ed25519":
			k.Ed25519, err = keysig.ParseEd25519(text)
		case "rsa":
			k.RSA, err = keysig.ParseRSA(text)
		case "ecdsa":
			k.ECDSA, err = keysig.ParseECDSA(text)
		}
		if err != nil {
			return keysig.PublicKeys{}, fmt.Errorf("signed_keys.%s: %w", name, err)
		}
	}
	for name := range m {
		if !slices.Contains(keyNames, name) {
			return keysig.PublicKeys{}, fmt.Errorf("signed_keys.%s is not one of Keygen's keys; use %v", name, keyNames)
		}
	}
	return k, nil
}

// accountDoc is the part of Keygen's account document that holds its
// public keys (app/serializers/account_serializer.rb: the resource's
// meta.keys, each Base64 of the key as the dashboard shows it).
type accountDoc struct {
	Data struct {
		Meta struct {
			Keys map[string]string `json:"keys"`
		} `json:"meta"`
	} `json:"data"`
}

// accountNames maps the account document's key names to signed_keys:'s.
var accountNames = map[string]string{"ed25519": "ed25519", "rsa2048": "rsa", "ecdsa": "ecdsa"}

// accountKeys reads the public keys from the account document: GET on
// the API base, which for Keygen is the account's own URL.
func accountKeys(ctx context.Context, fetch platform.Fetch) (keysig.PublicKeys, error) {
	body, err := fetch(ctx, "")
	if err != nil {
		return keysig.PublicKeys{}, fmt.Errorf("reading the account at api.url: %w", err)
	}
	var doc accountDoc
	if err := json.Unmarshal(body, &doc); err != nil || len(doc.Data.Meta.Keys) == 0 {
		return keysig.PublicKeys{}, fmt.Errorf("the account document at api.url has no meta.keys (is api.url the account's URL, https://api.keygen.sh/v1/accounts/<account>?)")
	}
	m := map[string]string{}
	for name, text := range doc.Data.Meta.Keys {
		if ours, ok := accountNames[name]; ok && text != "" {
			m[ours] = text
		}
	}
	keys, err := configKeys(m)
	if err != nil {
		return keysig.PublicKeys{}, fmt.Errorf("the account document's meta.keys: %w", err)
	}
	return keys, nil
}
