package license

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMetadataRedactsLikeFields(t *testing.T) {
	email, key := Ref("email", "buyer@example.com"), Key("SEAT-7F3A-19C2-88B0").Ref()
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{`{"orderId":"A-1","seats":3}`, `{"orderId":"A-1","seats":3}`},
		{`{"contact":"buyer@example.com"}`, `{"contact":"` + email + `"}`},
		{`{"seat":"SEAT-7F3A-19C2-88B0"}`, `{"seat":"` + key + `"}`},
		{`{"note":"call buyer@example.com <b>"}`, `{"note":"` + Ref("value", "call buyer@example.com <b>") + `"}`},
		{`{"buyer@example.com":true}`, `{"` + email + `":true}`},
		{`{"a":{"b":["x","buyer@example.com",1.5]}}`, `{"a":{"b":["x","` + email + `",1.5]}}`},
		{`{"contact":"buyer\u0040example.com"}`, `{"contact":"` + email + `"}`},
		{`{"licentricSync":{"source":"legacy","sourceId":"7f3a19c2-88b0-4e1d-9c2a-0123456789ab"},"x":"buyer@example.com"}`,
			`{"licentricSync":{"source":"legacy","sourceId":"7f3a19c2-88b0-4e1d-9c2a-0123456789ab"},"x":"` + email + `"}`},
		{`not json buyer@example.com`, Ref("value", `not json buyer@example.com`)},
	} {
		if diff := cmp.Diff(tc.want, Redactor{}.Metadata(tc.in)); diff != "" {
			t.Errorf("Metadata(%s) (-want +got):\n%s", tc.in, diff)
		}
		if got := (Redactor{Show: true}).Metadata(tc.in); got != tc.in {
			t.Errorf("--show-sensitive must show metadata as it is: %s", got)
		}
	}
}
