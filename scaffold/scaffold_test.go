package scaffold_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/cryptlex"
	"github.com/licentric/licentric-sync/providers/csvfile"
	"github.com/licentric/licentric-sync/providers/keygen"
	"github.com/licentric/licentric-sync/providers/lemonsqueezy"
	"github.com/licentric/licentric-sync/scaffold"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestConfigGolden: the starter configs written from the sample exports,
// with a comment on every value init made up or derived, unknown status
// words left out, and no machine limit the export does not state.
func TestConfigGolden(t *testing.T) {
	quickstart := map[string]string{"key": "License", "email": "Customer Email", "policy": "Plan"}
	cases := []struct {
		golden, file, platform string
		source                 func(config.Source, string) providers.Source
		columns                map[string]string
		open                   int
	}{
		{"quickstart.golden.yaml", "quickstart.csv", "csv", csvfile.New, quickstart, 3},
		{"keygen-dashboard.golden.yaml", "keygen-dashboard.csv", "keygen", keygen.New, nil, 3},
		{"lemonsqueezy.golden.yaml", "lemonsqueezy-export.csv", "lemonsqueezy", lemonsqueezy.New, nil, 0},
		{"keygen-api.golden.yaml", "keygen-api-page.json", "keygen", keygen.New, nil, 0},
		{"cryptlex.golden.yaml", "cryptlex-licenses.json", "cryptlex", cryptlex.New, nil, 1},
		{"keygen-entitlements.golden.yaml", "keygen-entitlements.csv", "keygen", keygen.New, nil, 1},
	}
	for _, c := range cases {
		t.Run(c.golden, func(t *testing.T) {
			abs, err := filepath.Abs(filepath.Join("testdata", c.file))
			if err != nil {
				t.Fatal(err)
			}
			src := config.Source{Name: "s", Platform: c.platform, Path: c.file, Glob: abs, Columns: c.columns}
			s := c.source(src, "testdata")
			text, st, err := scaffold.Config(context.Background(), s, scaffold.From{Path: c.file}, c.columns)
			if err != nil {
				t.Fatal(err)
			}
			if len(st.Open) != c.open {
				t.Errorf("open questions %q, want %d", st.Open, c.open)
			}
			golden := filepath.Join("testdata", c.golden)
			if *update {
				if err := os.WriteFile(golden, text, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), string(text)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", golden, diff)
			}
		})
	}
}
