package verify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/license"
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

func TestCompare(t *testing.T) {
	desired := []license.License{lic("A", license.Active), lic("B", license.Active), lic("C", license.Suspended)}
	current := []license.License{
		lic("A", license.Active),
		lic("C", license.Active, func(l *license.License) { l.UserEmail = "other@example.com"; l.Metadata = `{"orderId":"1","x":1}` }),
		lic("D", license.Active),
		lic("E", license.Active, func(l *license.License) { l.Origin = license.Origin{} }),
	}
	problems, matched, err := Compare(desired, plan.FromSnapshot(&license.Snapshot{Licenses: current}))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, fmt.Sprintf("%s %s %v", p.Kind, p.Ref, p.Fields))
	}
	want := []string{
		"missing " + license.Key("B").Ref() + " []",
		"different " + license.Key("C").Ref() + " [status userEmail metadata]",
		"extra " + license.Key("D").Ref() + " []",
	}
	if diff := cmp.Diff(want, got); diff != "" || matched != 1 {
		t.Fatalf("matched %d; problems (-want +got):\n%s", matched, diff)
	}
	for _, p := range problems {
		if bytes.Contains([]byte(p.Detail), []byte("example.com")) {
			t.Fatalf("a problem leaks an email: %+v", p)
		}
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
	Check(context.Background(), Sample(ls, 5, 1), func(_ context.Context, k license.Key) (bool, string, error) {
		if code, ok := answers[k]; ok {
			return code == "VALID", code, nil
		}
		return false, "", errors.New("connection reset")
	}, 0, r)
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
