package tabular_test

import (
	"testing"

	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/keygen"
	"github.com/licentric/licentric-sync/providers/lemonsqueezy"
	"github.com/licentric/licentric-sync/providers/tabular"
)

// Each platform's JSON:API reader names the type it walks when asked
// without a document, so that a large dump of its licenses is still
// read in chunks (a list of any other type is read whole); a reader that
// walks nothing names none.
func TestLicenseTypeAsked(t *testing.T) {
	for _, tc := range []struct {
		name string
		spec tabular.Spec
		want string
	}{
		{"keygen", keygen.Platform.Export, "licenses"},
		{"lemonsqueezy", lemonsqueezy.Platform.Export, "license-keys"},
		{"walks nothing", tabular.Spec{JSON: func(*tabular.Licenses, tabular.Output) error { return nil }}, ""},
		{"emits first", tabular.Spec{JSON: func(ls *tabular.Licenses, out tabular.Output) error {
			out.Emit(&providers.Record{})
			out.Warn("w")
			return ls.Each("things", func(*tabular.License) {})
		}}, "things"},
	} {
		if got := tabular.LicenseType(tc.spec); got != tc.want {
			t.Errorf("%s: license type %q, want %q", tc.name, got, tc.want)
		}
	}
}
