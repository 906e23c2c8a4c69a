package plan

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGroup: identical findings keep their first GroupShown in order and
// one counted line each; severities group apart; Counts stays exact.
func TestGroup(t *testing.T) {
	var ds []Diagnostic
	for i := 0; i < 25; i++ {
		ds = append(ds, Diagnostic{Severity: Error, Ref: fmt.Sprint(i), Message: "conflict"})
		if i < 2 {
			ds = append(ds, Diagnostic{Severity: Warning, Ref: fmt.Sprint(i), Message: "conflict"})
		}
	}
	got := Group(ds)
	if len(got) != GroupShown+2+1 {
		t.Fatalf("%d diagnostics after grouping, want %d", len(got), GroupShown+3)
	}
	last := got[len(got)-1]
	if diff := cmp.Diff(Diagnostic{Severity: Error, More: 5, Message: "… and 5 more like this: conflict"}, last); diff != "" {
		t.Fatalf("summary line (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[Severity]int{Error: 25, Warning: 2}, Counts(got)); diff != "" {
		t.Fatalf("counts (-want +got):\n%s", diff)
	}
	if got[0].Ref != "0" || got[1].Severity != Warning {
		t.Fatal("grouping must keep the original order of what it shows")
	}
}
