package plan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/license"
)

// fullPlan sets every field a plan file holds, so that editing any one of
// them in the saved file can be tried.
func fullPlan() *Plan {
	ov, dd := 4, 30
	l := license.License{Key: "K-1", Name: "Office", Status: license.Suspended, Product: "app", Policy: "pro",
		UserEmail: "ann@example.com", UserName: "Ann", ExpiresAt: ts("2030-01-01T00:00:00Z"), CreatedAt: ts("2020-01-01T00:00:00Z"),
		MaxMachinesOverride: &ov, Metadata: `{"o":"1"}`, Entitlements: []string{"export", "sso"},
		Origin: license.Origin{Source: "kg", Platform: "keygen", SourceID: "7", File: "k.csv", Line: 9}}
	return &Plan{FormatVersion: FormatVersion, ToolVersion: "t", Target: "local store x.db", TargetAsOf: &ViewRead{ReadAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), WritesSince: 1},
		Quota:  &Requests{ThisPlan: 0, Apply: 9, Month: "2026-01", MonthTotal: 3},
		Inputs: []Input{{Path: "k.csv", SHA256: "ab"}}, TargetFingerprint: "sha256:cd",
		Changes: []Change{
			{Kind: KindProduct, Action: Create, ID: "app", Product: &license.Product{Code: "app", Name: "App", KeyPrefix: "AP"}},
			{Kind: KindPolicy, Action: Create, ID: "pro", Policy: &license.Policy{ID: "pro", Product: "app", Name: "Pro",
				MaxMachines: 2, DurationDays: &dd, Fields: map[string]string{"requireHeartbeat": "true"},
				Entitlements: []string{"export"}}},
			{Kind: KindLicense, Action: Update, ID: "K-1", StatusAction: license.Suspend, Reason: "adopting", Adopt: true, License: &l,
				Fields: []FieldDiff{{Field: "userEmail", Before: "old@example.com", After: "ann@example.com", Sensitivity: PII}}},
		},
		Diagnostics: []Diagnostic{{Severity: Note, Message: "a note", Ref: "key:1", Where: "k.csv:2", More: 3}},
		Summary:     Summary{Create: 2, Update: 1, Delete: 1, StatusChanges: 1, ByKind: map[Kind]map[Action]int{KindLicense: {Update: 1}}},
		Estimate:    Estimate{Requests: 9, Read: 3, Write: 4, Imports: 1, Check: 2, Seconds: 1.5, PerMinute: 60},
		Managed:     map[Kind]int{KindLicense: 1}, Sources: map[string]*SourceCount{"kg": {Desired: 1, Held: 1}}, Prune: true,
		Account: &AccountUse{Tier: "free", ActiveNow: 1, ActiveAfter: 1, ActiveLicenses: 150, Requests: 3, MonthlyRequests: 1000, Read: 3},
		Only:    []string{"kg"},
	}
}

// TestFullPlanSetsEveryField keeps fullPlan complete: a field added to a
// saved struct must be set there, or TestEveryPlanFileFieldIsChecksummed
// would not try editing it.
func TestFullPlanSetsEveryField(t *testing.T) {
	p := fullPlan()
	c := p.Changes[2]
	for _, v := range []any{*p, p.Inputs[0], p.Diagnostics[0], p.Summary, p.Estimate, *p.Account, c, c.Fields[0], *c.License,
		c.License.Origin, *p.Changes[0].Product, *p.Changes[1].Policy} {
		rv := reflect.ValueOf(v)
		for i := 0; i < rv.NumField(); i++ {
			name := rv.Type().Field(i).Name
			if rv.Type().Field(i).Tag.Get("json") == "-" {
				continue // never saved (Diagnostic.Hidden): TestHiddenNeverSaved
			}
			if rv.Field(i).IsZero() && !(rv.Type() == reflect.TypeFor[Change]() && (name == "Product" || name == "Policy")) {
				t.Errorf("%T.%s is not set in fullPlan: set it, so that editing it in a saved plan is tried", v, name)
			}
		}
	}
}

// TestEveryPlanFileFieldIsChecksummed edits each value of a saved plan in
// turn (every JSON leaf of the header and of each change line) and
// expects show and apply to refuse the file. The sensitivity flags alone
// may change: they are derived from field names on read.
func TestEveryPlanFileFieldIsChecksummed(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, fullPlan(), ""); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimSuffix(buf.String(), "\n"), "\n")
	tried := 0
	for li := range lines {
		for _, path := range leafPaths(t, decodeLine(t, lines[li]), nil) {
			if last := path[len(path)-1]; last == "sensitivity" {
				continue
			}
			edited := append([]string(nil), lines...)
			v := decodeLine(t, lines[li])
			editLeaf(v, path)
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			edited[li] = string(b) + "\n"
			file := strings.Join(edited, "")
			_, errRead := Read(strings.NewReader(file))
			_, _, errHead := ReadHeader(strings.NewReader(file))
			if errRead == nil || errHead == nil {
				t.Errorf("line %d: editing %v is accepted (show: %v, apply: %v)", li+1, path, errRead, errHead)
			}
			tried++
		}
	}
	if tried < 60 {
		t.Fatalf("only %d values edited; the plan file is not the full one", tried)
	}
	if _, err := Read(strings.NewReader(buf.String())); err != nil {
		t.Fatalf("the unedited plan is refused: %v", err)
	}
}

func decodeLine(t *testing.T, line string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(line))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// leafPaths lists the path (member names, array indices) of every leaf.
func leafPaths(t *testing.T, v any, at []any) [][]any {
	var out [][]any
	switch x := v.(type) {
	case map[string]any:
		for k, y := range x {
			out = append(out, leafPaths(t, y, append(append([]any(nil), at...), k))...)
		}
	case []any:
		for i, y := range x {
			out = append(out, leafPaths(t, y, append(append([]any(nil), at...), i))...)
		}
	case nil:
	default:
		out = append(out, at)
	}
	return out
}

// editLeaf changes the value at path: a string gains a character, a
// number grows by one, a boolean flips.
func editLeaf(v any, path []any) {
	for _, step := range path[:len(path)-1] {
		if k, ok := step.(string); ok {
			v = v.(map[string]any)[k]
		} else {
			v = v.([]any)[step.(int)]
		}
	}
	get := func() any {
		if k, ok := path[len(path)-1].(string); ok {
			return v.(map[string]any)[k]
		}
		return v.([]any)[path[len(path)-1].(int)]
	}
	var nv any
	switch x := get().(type) {
	case string:
		nv = x + "x"
	case json.Number:
		nv = json.Number(fmt.Sprint(mustFloat(x) + 1))
	case bool:
		nv = !x
	}
	if k, ok := path[len(path)-1].(string); ok {
		v.(map[string]any)[k] = nv
	} else {
		v.([]any)[path[len(path)-1].(int)] = nv
	}
}

func mustFloat(n json.Number) float64 {
	f, _ := n.Float64()
	return f
}

// TestChecksumSeparatesFields: bytes moved from one field to the next
// (across what a separator would be) change the checksum.
func TestChecksumSeparatesFields(t *testing.T) {
	one := func(before, after string) string {
		p := &Plan{Changes: []Change{{Kind: KindLicense, Action: Update, ID: "K", Fields: []FieldDiff{{Field: "name", Before: before, After: after}}}}}
		return p.Checksum()
	}
	if one("x\x00", "y") == one("x", "\x00y") {
		t.Fatal("moving a NUL from one value to the next keeps the checksum")
	}
}
