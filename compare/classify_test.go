package compare

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite docs/compare-decisions.json from Table")

// vectorsFile is the decision table shipped for apps not written in Go.
var vectorsFile = filepath.Join("..", "docs", "compare-decisions.json")

// vectors is the file's shape: the table plus the fallback trap.
type vectors struct {
	About     string     `json:"about"`
	Decisions []Decision `json:"decisions"`
	Fallback  []fallback `json:"naive_fallback"`
}

type fallback struct {
	Old      Outcome `json:"old"`
	New      Outcome `json:"licentric"`
	AppSees  Outcome `json:"app_sees"`
	Mistaken bool    `json:"lets_through_what_licentric_refuses"`
}

func build() vectors {
	v := vectors{
		About: "licentric-sync compare: old platform's answer x Licentric's answer -> class; " +
			"naive_fallback: what an app that falls back to the old platform on any non-valid Licentric answer decides",
		Decisions: Table,
	}
	for _, d := range Table {
		seen := Fallback(d.Old, d.New)
		v.Fallback = append(v.Fallback, fallback{d.Old, d.New, seen, d.New == Invalid && seen == Valid})
	}
	return v
}

func TestDecisionTableFileIsTheCodesTable(t *testing.T) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(build()); err != nil {
		t.Fatal(err)
	}
	want := buf.Bytes()
	if *update {
		if err := os.WriteFile(vectorsFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(vectorsFile)
	if err != nil {
		t.Fatalf("%v (run go test ./compare -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs from compare.Table (-code +file); run go test ./compare -update:\n%s", vectorsFile, diff)
	}
}

func TestClassifyEveryPair(t *testing.T) {
	outcomes := []Outcome{Valid, Invalid, Unknown}
	seen := map[Class]bool{}
	for _, o := range outcomes {
		for _, n := range outcomes {
			c, err := Classify(o, n)
			if err != nil {
				t.Fatal(err)
			}
			seen[c] = true
			want := o == n && o != Unknown
			if c.Disagrees() == want {
				t.Errorf("%s x %s = %s: Disagrees() = %v", o, n, c, c.Disagrees())
			}
		}
	}
	if len(seen) != len(Classes) {
		t.Errorf("classes reached %v, want all of %v", seen, Classes)
	}
	if _, err := Classify("maybe", Valid); err == nil {
		t.Error("an outcome outside the three was classified")
	}
}

func TestFallbackTrap(t *testing.T) {
	// Revoked in Licentric only: the old platform still says valid.
	if got := Fallback(Valid, Invalid); got != Valid {
		t.Errorf("fallback on a Licentric refusal = %s; the trap is that it lets the key through", got)
	}
	if got := Fallback(Invalid, Valid); got != Valid {
		t.Errorf("fallback = %s", got)
	}
}
