package keysig

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func at(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func TestKeyClaimsAndCompare(t *testing.T) {
	rec := Record{Expiry: at("2027-01-31T00:00:00Z"), PolicyID: "pol-1"}
	cases := []struct {
		name    string
		payload string
		claims  bool
		want    []Mismatch
	}{
		{"plain seed", "ABCD-1234", false, nil},
		{"agrees", `{"expiry":"2027-01-31T00:00:00.000Z","policy":"pol-1"}`, true, nil},
		{"agrees within a second", `{"Expiry":"2027-01-31T00:00:00.400Z"}`, true, nil},
		{"epoch exp", `{"exp":1801353600}`, true, nil},
		{"expiry differs", `{"expiry":"2026-01-31T00:00:00Z"}`, true,
			[]Mismatch{{"expiry", "2026-01-31T00:00:00Z", "2027-01-31T00:00:00Z"}}},
		{"key never expires", `{"expiry":null,"policyId":"pol-1"}`, true,
			[]Mismatch{{"expiry", "never expires", "2027-01-31T00:00:00Z"}}},
		{"policy differs", `{"policy":"pol-2"}`, true, []Mismatch{{"policy", "pol-2", "pol-1"}}},
		{"no claims made", `{"id":"x"}`, true, nil},
	}
	for _, c := range cases {
		got, ok, err := KeyClaims([]byte(c.payload))
		if err != nil || ok != c.claims {
			t.Fatalf("%s: ok=%v err=%v", c.name, ok, err)
		}
		if diff := cmp.Diff(c.want, Compare(got, rec)); diff != "" {
			t.Errorf("%s: (-want +got)\n%s", c.name, diff)
		}
	}
	if _, _, err := KeyClaims([]byte(`{"expiry":"next year"}`)); err == nil {
		t.Error("an unreadable expiry claim was accepted")
	}
}

func TestFileClaims(t *testing.T) {
	doc := `{"data":{"attributes":{"expiry":null},"relationships":{"policy":{"data":{"id":"pol-9"}}}},"meta":{"expiry":"2026-01-01T00:00:00Z"}}`
	got, err := FileClaims([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := Claims{HasExpiry: true, Policy: "pol-9"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	m := Compare(got, Record{Expiry: at("2027-01-31T00:00:00Z"), PolicyID: "pol-1"})
	if len(m) != 2 {
		t.Errorf("mismatches = %v, want expiry and policy", m)
	}
}
