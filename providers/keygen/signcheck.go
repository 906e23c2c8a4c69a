package keygen

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/keygen/keysig"
)

// maxExamples bounds the licenses a finding names; the count says the rest.
const maxExamples = 3

// group is one kind of finding: how many licenses, and the first few.
type group struct {
	n        int
	examples []string
}

func (g *group) add(example func() string) {
	g.n++
	if len(g.examples) < maxExamples {
		g.examples = append(g.examples, example())
	}
}

// signedCheck verifies every signed key of a source with the account's
// public keys and compares what the key says with the record, as an app
// verifying offline would see it. It holds counts and a few examples,
// never a key.
type signedCheck struct {
	keys    keysig.PublicKeys
	fromAPI bool
	// unread says why the account's keys could not be read from its API.
	unread string
	// noKey counts keys per scheme whose public key is not configured.
	noKey map[keysig.Scheme]int
	// unchecked counts keys of schemes that are not signatures (JWTs,
	// encrypted keys), per scheme.
	unchecked                             map[keysig.Scheme]int
	bad, unsigned, claims, expiry, policy group
	// configured says signed_keys: was given; schemes counts the
	// licenses whose scheme was read, so keys given for nothing are told.
	configured bool
	schemes    int
	// ents tells what the source's entitlements leave out.
	ents  entitlementCheck
	files *fileCheck
}

func newSignedCheck() *signedCheck {
	return &signedCheck{noKey: map[keysig.Scheme]int{}, unchecked: map[keysig.Scheme]int{}, files: &fileCheck{}}
}

// Check verifies one license's key when its scheme signs keys.
func (c *signedCheck) Check(r *providers.Record, l *license.License) {
	c.files.check(c.keys, r, l)
	c.ents.check(r)
	scheme := keysig.Scheme(r.Value(providers.FScheme))
	if scheme != "" {
		c.schemes++
	}
	if scheme == "" || scheme == "LEGACY_ENCRYPT" {
		return // a plain key, or one Keygen encrypted: nothing is signed
	}
	if _, signs := schemeKey[scheme]; !signs {
		c.unchecked[scheme]++
		return
	}
	at := func() string { return l.Key.Ref() + " at " + l.Origin.At() }
	payload, err := keysig.VerifyKey(c.keys, scheme, string(l.Key))
	switch {
	case errors.Is(err, keysig.ErrNoPublicKey):
		c.noKey[scheme]++
		return
	case errors.Is(err, keysig.ErrNotSigned):
		c.unsigned.add(at)
		return
	case err != nil:
		c.bad.add(at)
		return
	}
	claims, ok, err := keysig.KeyClaims(payload)
	if err != nil {
		c.claims.add(func() string { return at() + " (" + err.Error() + ")" })
		return
	}
	if !ok {
		return
	}
	compareRecord(claims, r, l, &c.expiry, &c.policy, at)
}

// Findings words what the check found, one warning per kind.
func (c *signedCheck) Findings() []string {
	var out []string
	if c.configured && c.schemes == 0 && c.files.checked == 0 {
		out = append(out, "signed_keys: is given but no license names its key scheme, so no key was checked; "+
			"read the licenses from Keygen's API or a dump of it (attribute scheme), or add a scheme column to the export")
	}
	if f := c.ents.finding(); f != "" {
		out = append(out, f)
	}
	out = append(out, c.missingKeys()...)
	type kind struct {
		g    *group
		what string
	}
	for _, k := range []kind{
		{&c.bad, "signed keys fail their signature check with the account's public key: an app that verifies keys offline rejects them " +
			"(a public key of another account in signed_keys:, or keys altered since Keygen signed them)"},
		{&c.unsigned, "keys of a signing scheme are not in signed form (payload.signature, key/ for version-2 schemes): an app that verifies keys offline rejects them"},
		{&c.claims, "signed keys embed a claim this check cannot read"},
		{&c.expiry, "signed keys embed an expiry that differs from the platform's record: an app verifying offline trusts the key, not the server, " +
			"so reissue them (Keygen's checkout) or align the records before cutover"},
		{&c.policy, "signed keys embed a policy that differs from the platform's record: an app verifying offline trusts the key, not the server"},
	} {
		if k.g.n > 0 {
			out = append(out, fmt.Sprintf("%d %s; first: %s", k.g.n, k.what, strings.Join(k.g.examples, ", ")))
		}
	}
	out = append(out, c.files.findings()...)
	for _, s := range slices.Sorted(maps.Keys(c.unchecked)) {
		out = append(out, fmt.Sprintf("%d keys of scheme %s are not signatures that can be checked offline (encrypted keys or JWTs); they were not checked", c.unchecked[s], s))
	}
	return out
}

// missingKeys is one warning per public key that signed keys need and
// the config does not give, saying how to add it.
func (c *signedCheck) missingKeys() []string {
	need := map[string][]string{}
	count := map[string]int{}
	for _, s := range slices.Sorted(maps.Keys(c.noKey)) {
		name := schemeKey[s]
		need[name] = append(need[name], string(s))
		count[name] += c.noKey[s]
	}
	var out []string
	for _, name := range keyNames {
		if count[name] == 0 {
			continue
		}
		why := ""
		if c.unread != "" {
			why = " (" + c.unread + ")"
		}
		out = append(out, fmt.Sprintf("%d signed keys (%s) were not checked: no %s public key%s; add signed_keys: { %s: \"…\" } to the source, "+
			"copied from Keygen's dashboard (Settings, public keys); public keys are not secrets",
			count[name], strings.Join(need[name], ", "), name, why, name))
	}
	return out
}

// compareRecord counts how claims differ from the license's record:
// in expiry or in policy, each with its example.
func compareRecord(claims keysig.Claims, r *providers.Record, l *license.License, expiry, policy *group, at func() string) {
	for _, m := range keysig.Compare(claims, keysig.Record{Expiry: l.ExpiresAt, PolicyID: r.Value(providers.FPolicyID)}) {
		g := expiry
		if m.Field == "policy" {
			g = policy
		}
		g.add(func() string { return at() + " (" + m.String() + ")" })
	}
}
