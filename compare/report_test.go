package compare

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/schemas"
)

// report is a run with one license of each disagreeing class and more
// licentric-blocks than a group shows.
func report(t *testing.T) *Report {
	t.Helper()
	r := &Report{FormatVersion: ReportVersion, Target: "sandbox", Selection: "all", Calls: []string{"source kg: Keygen: GET"}}
	add := func(old, new Outcome, ref string) {
		if err := r.Add(Finding{Ref: ref, Source: "kg", Old: old, OldCode: "C", New: new, NewCode: "D"}); err != nil {
			t.Fatal(err)
		}
	}
	add(Valid, Valid, "key:0000000000000000")
	add(Invalid, Valid, "key:1111111111111111")
	for i := 0; i < plan.GroupShown+5; i++ {
		add(Valid, Invalid, "key:2222222222222222")
	}
	r.Planned = r.Compared
	r.Finish()
	return r
}

// TestReportOrderAndGroups: disagreements come first in Classes order;
// text shows GroupShown examples of a kind and counts the rest.
func TestReportOrderAndGroups(t *testing.T) {
	r := report(t)
	if r.OK || !r.Disagrees() {
		t.Fatal("a run with disagreements is OK")
	}
	if got := []Class{r.Findings[0].Class, r.Findings[len(r.Findings)-1].Class}; !cmp.Equal(got, []Class{LicentricBlocks, LicentricAllows}) {
		t.Errorf("findings ordered %v", got)
	}
	var out bytes.Buffer
	if err := r.Write(&out, "text"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"  agree-valid: 1\n", "  licentric-blocks: 25 (", "  … and 5 more like this: licentric-blocks: old valid C, Licentric invalid D\n", "Not agreed"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, out.String())
		}
	}
}

// TestReportSchema: the JSON report is what schemas/compare.schema.json
// says, and the schema's classes are Classes.
func TestReportSchema(t *testing.T) {
	sch, err := schemas.Compare()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := report(t).Write(&out, "json"); err != nil {
		t.Fatal(err)
	}
	if err := schemas.ValidateJSON(sch, &out); err != nil {
		t.Error(err)
	}
	var doc struct {
		Defs struct {
			Class struct {
				Enum []Class `json:"enum"`
			} `json:"class"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(schemas.CompareJSON, &doc); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Classes, doc.Defs.Class.Enum); diff != "" {
		t.Errorf("schema classes (-Classes +schema)\n%s", diff)
	}
}
