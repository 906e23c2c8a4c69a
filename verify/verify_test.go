package verify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/mdcap"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/schemas"
)

func lic(key string, st license.Status, mod ...func(*license.License)) license.License {
	l := license.License{Key: license.Key(key), Status: st, Product: "app", Policy: "pro", UserEmail: key + "@example.com",
		Metadata: `{"orderId":"1"}`, Origin: license.Origin{Source: "src", Platform: "csv", File: "x.csv", Line: 2}}
	for _, m := range mod {
		m(&l)
	}
	return l
}

// TestCompare judges a license no source has as the planner does: a
// problem only when the plan would delete it (ours, prune on); kept and
// counted under prune: false; never for another config's or --source's
// unselected sources.
func TestCompare(t *testing.T) {
	owners := map[string]string{"src": "csv", "second": "csv"}
	for _, tc := range []struct {
		name  string
		opts  plan.Options
		extra bool
		kept  int
	}{
		{"prune on: drift", plan.Options{Prune: true, Owners: owners}, true, 0},
		{"prune off: a note, as in the plan", plan.Options{Owners: owners}, false, 1},
		{"--source second: src is not judged", plan.Options{Prune: true, Owners: owners, Only: map[string]bool{"second": true}}, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			desired := []license.License{lic("A", license.Active), lic("B", license.Active), lic("C", license.Suspended)}
			current := []license.License{
				lic("A", license.Active),
				lic("C", license.Active, func(l *license.License) { l.UserEmail = "other@example.com"; l.Metadata = `{"orderId":"1","x":1}` }),
				lic("D", license.Active),
				lic("E", license.Active, func(l *license.License) { l.Origin = license.Origin{} }),
				lic("F", license.Active, func(l *license.License) { l.Origin.Source = "another-config" }),
			}
			c, err := Compare(desired, plan.FromSnapshot(&license.Snapshot{Licenses: current}), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range c.Problems {
				got = append(got, fmt.Sprintf("%s %s %v", p.Kind, p.Ref, p.Fields))
			}
			want := []string{
				"missing " + license.Key("B").Ref() + " []",
				"different " + license.Key("C").Ref() + " [status userEmail metadata]",
			}
			if tc.extra {
				want = append(want, "extra "+license.Key("D").Ref()+" []")
			}
			if diff := cmp.Diff(want, got); diff != "" || c.Matched != 1 || c.Kept != tc.kept {
				t.Fatalf("matched %d, kept %d (want %d); problems (-want +got):\n%s", c.Matched, c.Kept, tc.kept, diff)
			}
			for _, p := range c.Problems {
				if bytes.Contains([]byte(p.Detail), []byte("example.com")) {
					t.Fatalf("a problem leaks an email: %+v", p)
				}
			}
		})
	}
}

func TestSampleIsReproducible(t *testing.T) {
	var ls []license.License
	for i := 0; i < 100; i++ {
		st := license.Active
		if i%3 == 0 {
			st = license.Suspended
		}
		ls = append(ls, lic(fmt.Sprintf("K%03d", i), st))
	}
	keys := func(seed uint64) []license.Key {
		var out []license.Key
		for _, l := range Sample(ls, 5, seed) {
			out = append(out, l.Key)
		}
		return out
	}
	if a, b := keys(7), keys(7); !cmp.Equal(a, b) || len(a) != 10 {
		t.Fatalf("same seed, different samples: %v %v", a, b)
	}
	if cmp.Equal(keys(7), keys(8)) {
		t.Fatal("different seeds picked the same sample")
	}
}

func TestCheckAndJSONReport(t *testing.T) {
	ls := []license.License{lic("A", license.Active), lic("B", license.Suspended), lic("C", license.Revoked)}
	answers := map[license.Key]string{"A": "VALID", "B": "VALID"}
	r := &Report{FormatVersion: ReportVersion, Target: "test", Desired: 3, Matched: 3}
	Check(context.Background(), Sample(ls, 5, 1), fixed(testNow), func(_ context.Context, k license.Key) (bool, string, error) {
		if code, ok := answers[k]; ok {
			return code == "VALID", code, nil
		}
		return false, "", errors.New("connection reset")
	}, nil, r)
	r.Finish()
	if r.OK || r.Sample.Passed != 1 || r.Sample.Unknown != 1 || len(r.Problems) != 2 {
		t.Fatalf("report %+v", r)
	}
	var buf bytes.Buffer
	if err := r.Write(&buf, "json"); err != nil {
		t.Fatal(err)
	}
	sch, err := schemas.Verify()
	if err != nil {
		t.Fatal(err)
	}
	if err := schemas.ValidateJSON(sch, &buf); err != nil {
		t.Fatalf("verify JSON does not match schemas/verify.schema.json: %v", err)
	}
}

// TestReportGroupedAndCapped: identical problems are grouped in text and
// markdown (JSON keeps every one, with counts), and markdown never
// exceeds $GITHUB_STEP_SUMMARY's limit yet keeps its verdict.
func TestReportGroupedAndCapped(t *testing.T) {
	r := &Report{FormatVersion: ReportVersion, Target: "test"}
	for i := 0; i < 12000; i++ {
		r.Problems = append(r.Problems, Problem{Kind: "extra", Ref: license.Key(fmt.Sprint(i)).Ref(), Detail: "managed by source src but no source has it any more"})
	}
	r.Finish()
	var text, js bytes.Buffer
	if err := r.Write(&text, "text"); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(text.String(), "  extra key:"); got != plan.GroupShown {
		t.Fatalf("text lists %d identical problems, want %d", got, plan.GroupShown)
	}
	if !strings.Contains(text.String(), "… and 11980 more extra like this: managed by source src") {
		t.Fatalf("text does not count the grouped problems:\n%s", text.String())
	}
	if err := r.Write(&js, "json"); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(js.String(), `"kind": "extra"`); got != 12000 || !strings.Contains(js.String(), `"extra": 12000`) {
		t.Fatalf("json lists %d problems, want all 12000 and their count", got)
	}

	distinct := &Report{FormatVersion: ReportVersion, Target: "test"}
	for i := 0; i < 12000; i++ {
		distinct.Problems = append(distinct.Problems, Problem{Kind: "different", Ref: license.Key(fmt.Sprint(i)).Ref(),
			Detail: fmt.Sprintf("the target differs from the source in: metadata (variant %d)", i)})
	}
	distinct.Finish()
	var md bytes.Buffer
	if err := distinct.Write(&md, "markdown"); err != nil {
		t.Fatal(err)
	}
	out := md.String()
	if len(out) > mdcap.StepSummaryLimit {
		t.Fatalf("markdown is %d bytes, over %d", len(out), mdcap.StepSummaryLimit)
	}
	shown := strings.Count(out, "- different key:")
	if !strings.Contains(out, fmt.Sprintf("**%d more problems not shown**: $GITHUB_STEP_SUMMARY takes at most %d characters", 12000-shown, mdcap.StepSummaryLimit)) {
		t.Fatalf("markdown shows %d of 12000 problems without saying what it left out", shown)
	}
	if !strings.HasSuffix(out, "\nNot verified.\n") {
		t.Fatal("the capped markdown lost its verdict")
	}
}
