package registry_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers/registry"
)

const apiHead = "version: 1\nproducts: [{code: app, name: App}]\npolicies: [{id: p, product: app, name: P, max_machines: 1}]\nsources:\n"

// TestAPISources: api: instead of path:, with each platform's default
// URL from its package, and every way to get it wrong located with what
// to do: config validation reads the registry's facts.
func TestAPISources(t *testing.T) {
	cfg, err := registry.Default().Config().Parse("/w/licentric.yaml", []byte(apiHead+`  - name: kg
    platform: keygen
    api: { url: "https://api.keygen.sh/v1/accounts/acme/", token_env: KEYGEN_TOKEN }
  - name: cl
    platform: cryptlex
    api: { token_env: CRYPTLEX_TOKEN }
  - name: ls
    platform: lemonsqueezy
    api: { token_env: LEMONSQUEEZY_API_KEY, store_id: 12345 }
  - name: local
    platform: lemonsqueezy
    api: { url: "http://127.0.0.1:8080/v1", token_env: T }
`))
	if err != nil {
		t.Fatal(err)
	}
	var got []config.API
	for _, s := range cfg.Sources {
		if !s.Live() || s.Glob != "" {
			t.Errorf("source %s: live %v, glob %q", s.Name, s.Live(), s.Glob)
		}
		got = append(got, *s.API)
	}
	want := []config.API{{URL: "https://api.keygen.sh/v1/accounts/acme", TokenEnv: "KEYGEN_TOKEN"},
		{URL: "https://api.cryptlex.com/v3", TokenEnv: "CRYPTLEX_TOKEN"},
		{URL: "https://api.lemonsqueezy.com/v1", TokenEnv: "LEMONSQUEEZY_API_KEY", StoreID: "12345"},
		{URL: "http://127.0.0.1:8080/v1", TokenEnv: "T"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("api (-want +got):\n%s", diff)
	}
	refused(t, []refusal{
		{"{name: a, platform: keygen, path: x.csv, api: {token_env: T}}", "needs exactly one of path: (export files) and api: (the live account's API)"},
		{"{name: a, platform: keygen}", "needs exactly one of path: (export files) and api: (the live account's API)"},
		{"{name: a, platform: keygen, api: {token_env: T}}", `keygen needs api.url, e.g. https://api.keygen.sh/v1/accounts/<account>`},
		{"{name: a, platform: cryptlex, api: {url: 'http://example.com/v3', token_env: T}}", "is not an https:// URL (plain http:// is allowed only to localhost)"},
		{"{name: a, platform: cryptlex, api: {url: 'https://x/v3?token=abc', token_env: T}}", "does not have the required form"},
		{"{name: a, platform: cryptlex, api: {token_env: 'MY-TOKEN'}}", `"MY-TOKEN" does not have the required form`},
		{"{name: a, platform: cryptlex, api: {url: 'https://x'}}", `missing required key "token_env"`},
		{"{name: a, platform: cryptlex, api: {token_env: T, store_id: 3}}", "store_id is a LemonSqueezy setting; cryptlex has no stores"},
		{"{name: a, platform: cryptlex, api: {url: 'https://me:secret@api.cryptlex.com/v3', token_env: T}}", "api.url holds credentials (user@); put the token in its environment variable"},
		{"{name: a, platform: cryptlex, api: {url: 'https://x/v3#t', token_env: T}}", "api.url has a query or fragment"},
		{"{name: a, platform: csv, api: {token_env: T}}", "platform csv has no API; use path: with the CSV files"},
		{"{name: a, platform: lemonsqueezy, api: {token_env: T, token: abc}}", `unknown key "token" in sources[0].api`},
	})
}

// TestOwnersSetting: owners: optional is read for Keygen sources only;
// without it a missing owner stays an error.
func TestOwnersSetting(t *testing.T) {
	cfg, err := registry.Default().Config().Parse("/w/licentric.yaml", []byte(apiHead+"  - {name: a, platform: keygen, path: a.json, owners: optional}\n"+
		"  - {name: b, platform: keygen, path: b.json, owners: required}\n  - {name: c, platform: keygen, path: c.json}\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := []bool{cfg.Sources[0].OwnersOptional, cfg.Sources[1].OwnersOptional, cfg.Sources[2].OwnersOptional}
	if diff := cmp.Diff([]bool{true, false, false}, got); diff != "" {
		t.Errorf("owners optional (-want +got):\n%s", diff)
	}
	refused(t, []refusal{
		{"{name: a, platform: cryptlex, path: x.json, owners: optional}", "owners applies to platforms that name"},
		{"{name: a, platform: keygen, path: x.json, owners: maybe}", "owners"},
	})
}

// TestSignedKeysSetting: signed_keys: is read for platforms whose keys
// are signed (the descriptor's Checks.SignedKeys) and refused, located,
// elsewhere or with a member that is not a key.
func TestSignedKeysSetting(t *testing.T) {
	cfg, err := registry.Default().Config().Parse("/w/licentric.yaml", []byte(apiHead+"  - {name: a, platform: keygen, path: a.json, signed_keys: {ed25519: abc}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"ed25519": "abc"}, cfg.Sources[0].SignedKeys); diff != "" {
		t.Errorf("signed_keys (-want +got):\n%s", diff)
	}
	refused(t, []refusal{
		{"{name: a, platform: cryptlex, path: x.json, signed_keys: {rsa: x}}", "signed_keys applies to platforms whose license keys are signed (Keygen); Cryptlex keys"},
		{"{name: a, platform: keygen, path: x.json, signed_keys: {dsa: x}}", "signed_keys"},
		{"{name: a, platform: keygen, path: x.json, signed_keys: {}}", "signed_keys"},
	})
}

// TestCompareSetting: compare: gives a source read from files the API
// compare asks, with the platform's default URL, and is refused, located,
// where it could not be used or would carry a credential.
func TestCompareSetting(t *testing.T) {
	cfg, err := registry.Default().Config().Parse("/w/licentric.yaml", []byte(apiHead+
		"  - {name: a, platform: keygen, path: a.json, compare: {url: 'https://api.keygen.sh/v1/accounts/acme/', token_env: KEYGEN_TOKEN}}\n"+
		"  - {name: b, platform: lemonsqueezy, path: b.json, compare: {token_env: LS}}\n  - {name: c, platform: keygen, api: {url: 'https://k', token_env: K}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := []*config.API{cfg.Sources[0].CompareAPI(), cfg.Sources[1].CompareAPI(), cfg.Sources[2].CompareAPI()}
	want := []*config.API{{URL: "https://api.keygen.sh/v1/accounts/acme", TokenEnv: "KEYGEN_TOKEN"},
		{URL: "https://api.lemonsqueezy.com/v1", TokenEnv: "LS"}, {URL: "https://k", TokenEnv: "K"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("compare API (-want +got):\n%s", diff)
	}
	if cfg.Sources[0].Live() {
		t.Error("a source with compare: reads its files, not the API")
	}
	refused(t, []refusal{
		{"{name: a, platform: keygen, path: x.json, compare: {token_env: T}}", "keygen needs compare.url, e.g. https://api.keygen.sh/v1/accounts/<account>"},
		{"{name: a, platform: cryptlex, path: x.json, compare: {url: 'https://x'}}", `missing required key "token_env"`},
		{"{name: a, platform: cryptlex, path: x.json, compare: {token_env: T, token: abc}}", `unknown key "token" in sources[0].compare`},
		{"{name: a, platform: cryptlex, path: x.json, compare: {url: 'https://me:secret@api.cryptlex.com/v3', token_env: T}}", "compare.url holds credentials (user@)"},
		{"{name: a, platform: cryptlex, path: x.json, compare: {url: 'http://example.com/v3', token_env: T}}", "is not an https:// URL"},
		{"{name: a, platform: csv, path: x.csv, compare: {token_env: T}}", "platform csv has no API that compare could ask; remove compare:"},
		{"{name: a, platform: cryptlex, api: {token_env: T}, compare: {token_env: T}}", "compare asks an api: source through its api:, so remove compare:"},
	})
}

// refusal is a source entry and what the error at its line must say.
type refusal struct{ source, want string }

// refused parses each source entry alone and wants its error at line 5.
func refused(t *testing.T, cases []refusal) {
	t.Helper()
	for _, tc := range cases {
		_, err := registry.Default().Config().Parse("/w/licentric.yaml", []byte(apiHead+"  - "+tc.source+"\n"))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "/w/licentric.yaml:5:") {
			t.Errorf("%s:\n got %v\nwant /w/licentric.yaml:5:…%s", tc.source, err, tc.want)
		}
	}
}
