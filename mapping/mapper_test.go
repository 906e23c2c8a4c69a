package mapping

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// fakeSource yields fixed records; mapping is pure, so no file is needed.
type fakeSource struct {
	name, platform string
	recs           []*providers.Record
}

func (f *fakeSource) Name() string                  { return f.name }
func (f *fakeSource) Platform() string              { return f.platform }
func (f *fakeSource) Report() *providers.ReadReport { return &providers.ReadReport{} }
func (f *fakeSource) Records(context.Context) iter.Seq2[*providers.Record, error] {
	return func(yield func(*providers.Record, error) bool) {
		for _, r := range f.recs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

func rec(line int, kv ...string) *providers.Record {
	r := &providers.Record{File: "exports/x.csv", Line: line}
	for i := 0; i+1 < len(kv); i += 2 {
		f, ok := providers.FieldByName(kv[i])
		if !ok {
			panic(kv[i])
		}
		r.Put(f, kv[i+1])
	}
	return r
}

func testConfig(platform string, rules []config.Rule, statuses map[string]license.Status) *config.Config {
	return &config.Config{
		Products: []license.Product{{Code: "studio", Name: "Studio"}},
		Policies: []license.Policy{
			{ID: "yearly", Product: "studio", Name: "Yearly", MaxMachines: 2},
			{ID: "lifetime", Product: "studio", Name: "Lifetime", MaxMachines: license.Unlimited},
		},
		Sources: []config.Source{{Name: "src", Platform: platform, Rules: rules, Statuses: statuses}},
	}
}

func ptime(s string) *time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func pint(v int) *int { return &v }

func TestLicenseMapping(t *testing.T) {
	catchAll := []config.Rule{{Policy: "yearly"}}
	tests := map[string]struct {
		platform string
		rules    []config.Rule
		statuses map[string]license.Status
		rec      *providers.Record
		want     license.License
	}{
		"keygen inactive is a valid license": {
			platform: "keygen", rules: catchAll,
			rec:  rec(2, "key", "K1", "status", "INACTIVE", "expires_at", "2030-01-01T00:00:00.000Z"),
			want: license.License{Key: "K1", Status: license.Active, ExpiresAt: ptime("2030-01-01T00:00:00Z")},
		},
		"flags beat the status word": {
			platform: "keygen", rules: catchAll,
			rec:  rec(2, "key", "K1", "status", "EXPIRED", "suspended", "true"),
			want: license.License{Key: "K1", Status: license.Suspended},
		},
		"cryptlex revoked wins over suspended": {
			platform: "cryptlex", rules: catchAll,
			rec:  rec(2, "key", "K1", "revoked", "true", "suspended", "true"),
			want: license.License{Key: "K1", Status: license.Revoked},
		},
		"statuses map redirects a flag": {
			platform: "cryptlex", rules: catchAll, statuses: map[string]license.Status{"revoked": license.Suspended},
			rec:  rec(2, "key", "K1", "revoked", "1"),
			want: license.License{Key: "K1", Status: license.Suspended},
		},
		"lemonsqueezy disabled yes is suspended": {
			platform: "lemonsqueezy", rules: catchAll,
			rec:  rec(2, "key", "K1", "status", "Inactive", "disabled", "Yes"),
			want: license.License{Key: "K1", Status: license.Suspended},
		},
		"no status and a past expiry is expired": {
			platform: "keygen", rules: catchAll,
			rec:  rec(2, "key", "K1", "expires_at", "2020-05-01"),
			want: license.License{Key: "K1", Status: license.Expired, ExpiresAt: ptime("2020-05-01T00:00:00Z")},
		},
		"seven fractional digits truncate to milliseconds, no zone is UTC": {
			platform: "cryptlex", rules: catchAll,
			rec:  rec(2, "key", "K1", "expires_at", "2029-07-13T13:03:36.3989706Z", "created_at", "2015-05-01T11:16:16"),
			want: license.License{Key: "K1", Status: license.Active, ExpiresAt: ptime("2029-07-13T13:03:36.398Z"), CreatedAt: ptime("2015-05-01T11:16:16Z")},
		},
		"Never means no expiry": {
			platform: "keygen", rules: catchAll,
			rec:  rec(2, "key", "K1", "expires_at", "Never"),
			want: license.License{Key: "K1", Status: license.Active},
		},
		"first matching rule wins, glob and case-insensitive, by id too": {
			platform: "keygen",
			rules:    []config.Rule{{Match: map[string]string{"policy": "studio l*"}, Policy: "lifetime"}, {Policy: "yearly"}},
			rec:      rec(2, "key", "K1", "policy_id", "Studio Lifetime"),
			want:     license.License{Key: "K1", Status: license.Active, Policy: "lifetime"},
		},
		"a limit equal to the policy's is no override": {
			platform: "cryptlex", rules: catchAll,
			rec:  rec(2, "key", "K1", "max_machines", "2"),
			want: license.License{Key: "K1", Status: license.Active},
		},
		"a different limit is an override": {
			platform: "cryptlex", rules: catchAll,
			rec:  rec(2, "key", "K1", "max_machines", "5"),
			want: license.License{Key: "K1", Status: license.Active, MaxMachinesOverride: pint(5)},
		},
		"names from first and last; keys kept byte for byte": {
			platform: "csv", rules: catchAll,
			rec:  rec(2, "key", " key/ab=.c ", "first_name", "Ōta", "last_name", "D'Arcy", "email", "Ota@Example.ORG"),
			want: license.License{Key: " key/ab=.c ", Status: license.Active, UserName: "Ōta D'Arcy", UserEmail: "Ota@Example.ORG"},
		},
		"names kept byte for byte, only the email trimmed": {
			platform: "csv", rules: catchAll,
			rec:  rec(2, "key", "K1", "name", "  Pro seat ", "user_name", "  Åsa  ", "email", " asa@example.org\t"),
			want: license.License{Key: "K1", Status: license.Active, Name: "  Pro seat ", UserName: "  Åsa  ", UserEmail: "asa@example.org"},
		},
		"a first name alone gets no trailing space": {
			platform: "csv", rules: catchAll,
			rec:  rec(2, "key", "K1", "first_name", "Åsa", "last_name", ""),
			want: license.License{Key: "K1", Status: license.Active, UserName: "Åsa"},
		},
		"metadata JSON is canonicalised": {
			platform: "csv", rules: catchAll,
			rec:  rec(2, "key", "K1", "metadata", `{ "b": 1, "a": "x" }`),
			want: license.License{Key: "K1", Status: license.Active, Metadata: `{"a":"x","b":1}`},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := testConfig(tc.platform, tc.rules, tc.statuses)
			res := Build(context.Background(), cfg, []providers.Source{&fakeSource{name: "src", platform: tc.platform, recs: []*providers.Record{tc.rec}}}, now)
			if err := res.Err(); err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			want := tc.want
			if want.Policy == "" {
				want.Policy = "yearly"
			}
			want.Product = "studio"
			want.Origin = license.Origin{Source: "src", Platform: tc.platform, File: "exports/x.csv", Line: 2}
			if diff := cmp.Diff([]license.License{want}, res.Licenses); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestRowErrors(t *testing.T) {
	tests := map[string]struct {
		rec  *providers.Record
		want string
	}{
		"empty key":         {rec(3, "key", ""), "exports/x.csv:3: key is empty"},
		"bad date":          {rec(3, "key", "K", "expires_at", "soon"), `exports/x.csv:3: expires_at: "soon" is not a date`},
		"ambiguous date":    {rec(3, "key", "K", "expires_at", "03/04/2024"), "date_format"},
		"unknown status":    {rec(3, "key", "K", "status", "paused"), `unknown status "paused"`},
		"bad flag":          {rec(3, "key", "K", "suspended", "maybe"), `"maybe" is not a yes/no value`},
		"bad limit":         {rec(3, "key", "K", "max_machines", "many"), "not a machine limit"},
		"bad email":         {rec(3, "key", "K", "email", "a@@b"), "not a valid email address"},
		"metadata not JSON": {rec(3, "key", "K", "metadata", "[1]"), "not a JSON object"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := testConfig("csv", []config.Rule{{Policy: "yearly"}}, nil)
			res := Build(context.Background(), cfg, []providers.Source{&fakeSource{name: "src", platform: "csv", recs: []*providers.Record{tc.rec}}}, now)
			err := res.Err()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v; want it to contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "a@@b") {
				t.Fatalf("error leaks an email: %v", err)
			}
		})
	}
}

func TestDuplicatesAcrossSources(t *testing.T) {
	cfg := testConfig("csv", []config.Rule{{Policy: "yearly"}}, nil)
	cfg.Sources = append(cfg.Sources, config.Source{Name: "other", Platform: "csv", Rules: []config.Rule{{Policy: "yearly"}}})
	a := &fakeSource{name: "src", platform: "csv", recs: []*providers.Record{rec(2, "key", "SAME"), rec(3, "key", "same")}}
	b := &fakeSource{name: "other", platform: "csv", recs: []*providers.Record{rec(9, "key", "SAME")}}
	res := Build(context.Background(), cfg, []providers.Source{a, b}, now)
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "also at exports/x.csv:9 (source other)") {
		t.Fatalf("errors = %v", res.Errors)
	}
}

func TestUnmatchedCombinations(t *testing.T) {
	cfg := testConfig("lemonsqueezy", []config.Rule{{Match: map[string]string{"variant": "Pro"}, Policy: "yearly"}}, nil)
	recs := []*providers.Record{
		rec(2, "key", "A", "product", "Photo", "variant", "Team"),
		rec(3, "key", "B", "product", "Photo", "variant", "Team"),
		rec(4, "key", "C", "product", "Photo", "variant", "Pro"),
	}
	res := Build(context.Background(), cfg, []providers.Source{&fakeSource{name: "src", platform: "lemonsqueezy", recs: recs}}, now)
	err := res.Err()
	for _, want := range []string{"2 rows match no rule", `product="Photo" variant="Team": 2 rows, at exports/x.csv:2, exports/x.csv:3`, `- match: { product: "Photo", variant: "Team" }`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("error %v; want %q", err, want)
		}
	}
	if len(res.Licenses) != 1 {
		t.Fatalf("matched licenses = %d", len(res.Licenses))
	}
}

func TestFastCanonicalAgreesWithFullPath(t *testing.T) {
	for _, cell := range []string{`{"orderId": "O-1"}`, `{"a":1,"b":[1,2],"c":{"z":1,"y":2}}`, `{"b":1,"a":2}`, `{}`, `{"a":"<b>"}`, `{"a\"":1}`} {
		obj := map[string]any{}
		if err := jsonUnmarshal(cell, &obj); err != nil {
			t.Fatal(err)
		}
		full, _ := license.CanonicalJSON(obj)
		if fast, ok := fastCanonical(cell); ok && fast != full {
			t.Errorf("%s: fast %s, full %s", cell, fast, full)
		}
	}
}

// TestUnambiguousLocaleDates: a locale date with only one valid reading
// needs no date_format; one that could be swapped still does.
func TestUnambiguousLocaleDates(t *testing.T) {
	for in, want := range map[string]string{
		"13/01/2024":       "2024-01-13T00:00:00.000Z",
		"01/13/2024":       "2024-01-13T00:00:00.000Z",
		"31.12.2025":       "2025-12-31T00:00:00.000Z",
		"2024/01/13":       "2024-01-13T00:00:00.000Z",
		"13/01/2024 10:30": "2024-01-13T10:30:00.000Z",
	} {
		got, err := parseTime(in, "", license.Redactor{}.Value)
		if err != nil || license.FormatTime(got) != want {
			t.Errorf("parseTime(%q) = %v, %v; want %s", in, license.FormatTime(got), err, want)
		}
	}
	for _, in := range []string{"03/04/2024", "12.11.2025", "1/2/2024"} {
		if _, err := parseTime(in, "", license.Redactor{}.Value); err == nil || !strings.Contains(err.Error(), "ambiguous") {
			t.Errorf("parseTime(%q) = %v; want ambiguous", in, err)
		}
	}
}

// TestProgressIsReported: a large source reports how far it has got.
func TestProgressIsReported(t *testing.T) {
	src := &fakeSource{name: "src", platform: "csv"}
	for i := 0; i < 25_000; i++ {
		src.recs = append(src.recs, rec(i+2, "key", fmt.Sprintf("K-%05d", i)))
	}
	cfg := testConfig("csv", []config.Rule{{Policy: "yearly"}}, nil)
	var got []int
	res := Build(context.Background(), cfg, []providers.Source{src}, now, Progress(func(s string, n int) {
		if s == "src" {
			got = append(got, n)
		}
	}))
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{10_000, 20_000}, got); diff != "" {
		t.Fatalf("progress (-want +got):\n%s", diff)
	}
}

// TestMaskedKeysAreLemonSqueezys: XXXX-… is LemonSqueezy's key_short; a
// Keygen key may start with XXXX- and is kept.
func TestMaskedKeysAreLemonSqueezys(t *testing.T) {
	for platform, wantErr := range map[string]bool{"lemonsqueezy": true, "keygen": false, "csv": false} {
		cfg := testConfig(platform, []config.Rule{{Policy: "yearly"}}, nil)
		res := Build(context.Background(), cfg, []providers.Source{&fakeSource{name: "src", platform: platform,
			recs: []*providers.Record{rec(3, "key", "XXXX-8f9c98a48abe")}}}, now)
		err := res.Err()
		if (err != nil) != wantErr || (wantErr && !strings.Contains(err.Error(), "masked key")) {
			t.Errorf("%s: error %v, want error %v", platform, err, wantErr)
		}
	}
}

// TestRevokedWarnsWhereReversible: Cryptlex can un-revoke, Licentric
// cannot, so revoked Cryptlex licenses are counted in one warning; a
// revoked license of a platform without un-revoke is not.
func TestRevokedWarnsWhereReversible(t *testing.T) {
	want := "source src: 2 revoked Cryptlex licenses will be revoked in Licentric, where revoked is final (Cryptlex can un-revoke); " +
		"to keep them reversible map them with statuses: { revoked: suspended }"
	for platform, warns := range map[string]bool{"cryptlex": true, "csv": false} {
		cfg := testConfig(platform, []config.Rule{{Policy: "yearly"}}, nil)
		res := Build(context.Background(), cfg, []providers.Source{&fakeSource{name: "src", platform: platform, recs: []*providers.Record{
			rec(2, "key", "K-1", "status", "revoked"), rec(3, "key", "K-2", "status", "Revoked"), rec(4, "key", "K-3", "status", "active")}}}, now)
		if err := res.Err(); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			if strings.Contains(f.Message, "revoked") {
				got = append(got, f.Message)
			}
		}
		if (len(got) == 1 && got[0] == want) != warns || (!warns && len(got) > 0) {
			t.Errorf("%s: revoked warnings %q", platform, got)
		}
	}
}

// TestReviewShowsPlannedStatus: a row without a status whose expiry has
// passed is reviewed as expired, as the plan will create it.
func TestReviewShowsPlannedStatus(t *testing.T) {
	cfg := testConfig("csv", []config.Rule{{Policy: "yearly"}}, nil)
	src := &fakeSource{name: "src", platform: "csv", recs: []*providers.Record{
		rec(2, "key", "K-1", "expires_at", "2020-01-01"),
		rec(3, "key", "K-2", "expires_at", "2031-01-01"),
	}}
	rv, err := ReviewSource(context.Background(), cfg, src, now)
	if err != nil {
		t.Fatal(err)
	}
	vals := rv.Values["status"]
	if len(vals) != 1 || vals[0].Count != 2 || !slices.Equal(vals[0].MapsTo, []string{"active", "expired"}) {
		t.Fatalf("statuses as reviewed: %+v; want both rows mapping to active and expired", vals)
	}
}
