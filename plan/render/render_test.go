package render

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/schemas"
)

var update = flag.Bool("update", false, "rewrite golden files")

func at(s string) *time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return &t
}

func srcAt(line int) license.Origin {
	return license.Origin{Source: "keygen-prod", Platform: "keygen", SourceID: fmt.Sprint(line), File: "exports/keygen.csv", Line: line}
}

// realistic builds one plan with every kind of change and finding.
func realistic(t *testing.T) *plan.Plan {
	t.Helper()
	pol := license.Policy{ID: "pro-annual", Product: "desktop-pro", Name: "Pro (Annual)", MaxMachines: 3, DurationDays: intp(365)}
	mk := func(key, email string, st license.Status, line int) license.License {
		return license.License{Key: license.Key(key), Status: st, Product: "desktop-pro", Policy: "pro-annual", UserEmail: email,
			UserName: "Customer " + key, ExpiresAt: at("2030-01-01T00:00:00Z"), Origin: srcAt(line)}
	}
	current := &license.Snapshot{
		Products: []license.Product{{Code: "desktop-pro", Name: "Desktop Pro"}},
		Policies: []license.PolicyState{{Policy: license.Policy{ID: "pro-annual", Product: "desktop-pro", Name: "Pro Annual", MaxMachines: 3, DurationDays: intp(365)}, Managed: true}},
		Licenses: []license.License{
			mk("UPD-0001-SECRET", "old.owner@example.com", license.Active, 3),
			mk("SUS-0002-SECRET", "sus@example.com", license.Active, 4),
			mk("REV-0003-SECRET", "rev@example.com", license.Revoked, 5),
			mk("DEL-0004-SECRET", "gone@example.com", license.Active, 6),
			mk("FOR-0005-SECRET", "foreign@example.com", license.Active, 0),
			mk("RVK-0006-SECRET", "rvk@example.com", license.Suspended, 8),
		},
	}
	current.Licenses[4].Origin = license.Origin{}
	desired := []license.License{
		mk("NEW-0000-SECRET", "new.customer@example.com", license.Active, 2),
		mk("UPD-0001-SECRET", "new.owner@example.com", license.Active, 3),
		mk("SUS-0002-SECRET", "sus@example.com", license.Suspended, 4),
		mk("REV-0003-SECRET", "rev@example.com", license.Active, 5),
		mk("FOR-0005-SECRET", "foreign@example.com", license.Active, 7),
		mk("RVK-0006-SECRET", "rvk@example.com", license.Revoked, 8),
	}
	desired[1].Metadata = `{"contact":"buyer@example.com","orderId":"A-1","seat":"SEAT-7F3A-19C2-88B0"}`
	current.Licenses[1].Name = "Office PC\nFloor 2\nDesk 7"
	desired[2].Name = "Office PC\nFloor 3\nDesk 7"
	p, err := plan.Compute(plan.Desired{Products: []license.Product{{Code: "desktop-pro", Name: "Desktop Pro"}},
		Policies: []license.Policy{pol}, Licenses: desired}, plan.FromSnapshot(current), plan.Options{Prune: true, OnConflict: "skip"})
	if err != nil {
		t.Fatal(err)
	}
	p.ToolVersion, p.Target = "test", "local store .licentric/state.db"
	p.Inputs = []plan.Input{{Path: "licentric.yaml", SHA256: strings.Repeat("a", 64)}}
	p.Diagnostics = append(p.Diagnostics, plan.Diagnostic{Severity: plan.Warning, Ref: license.Key("NEW-0000-SECRET").Ref(),
		Where: "exports/keygen.csv:2", Message: "the license is active but its expiry has passed"})
	return p
}

func intp(v int) *int { return &v }

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Fatalf("%s differs from the golden file (-want +got; run with -update to accept):\n%s", path, diff)
	}
}

func TestGolden(t *testing.T) {
	renderGoldens(t, "plan", realistic(t))
}

// renderGoldens renders p in every format and holds each equal to
// testdata/NAME.FORMAT.golden; the JSON form must match its schema.
func renderGoldens(t *testing.T, name string, p *plan.Plan) {
	for _, format := range []string{"text", "markdown", "json"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(&buf, format, p, Options{}); err != nil {
				t.Fatal(err)
			}
			golden(t, name+"."+format+".golden", buf.Bytes())
			if format != "json" {
				return
			}
			sch, err := schemas.Plan()
			if err != nil {
				t.Fatal(err)
			}
			if err := schemas.ValidateJSON(sch, &buf); err != nil {
				t.Fatalf("%s JSON does not match schemas/plan.schema.json: %v", name, err)
			}
		})
	}
}

// fromView is the realistic plan as a Licentric target kept as a view
// gives it: planned from the view, with the account's request notes.
func fromView(t *testing.T) *plan.Plan {
	p := realistic(t)
	p.Target = "Licentric API http://127.0.0.1:8080/api/v1"
	p.TargetAsOf = &plan.ViewRead{ReadAt: time.Date(2026, 12, 3, 3, 47, 12, 0, time.UTC), WritesSince: 12}
	p.Quota = &plan.Requests{ThisPlan: 0, Apply: p.Estimate.Requests, Month: "2026-12", MonthTotal: 1834, Schedule: 6270, Licenses: 10000}
	return p
}

// TestGoldenFromView: every format carries the header facts of a plan
// made from the kept view (read time, writes since) and the request notes
// (this plan, an apply, the month, the drift schedule), and the JSON plan
// still matches its schema.
func TestGoldenFromView(t *testing.T) {
	renderGoldens(t, "plan.view", fromView(t))
}

// TestNoSecretsInAnyRenderer scans every renderer's output for the keys
// and emails of its input.
func TestNoSecretsInAnyRenderer(t *testing.T) {
	p := realistic(t)
	var secrets []string
	for _, c := range p.Changes {
		if c.Kind == plan.KindLicense {
			secrets = append(secrets, c.ID, c.License.UserEmail, c.License.UserName)
			for _, f := range c.Fields {
				if f.Sensitivity != "" {
					secrets = append(secrets, f.Before, f.After)
				}
			}
		}
	}
	secrets = append(secrets, "buyer@example.com", "SEAT-7F3A-19C2-88B0") // inside metadata
	for _, format := range []string{"text", "markdown", "json"} {
		var buf bytes.Buffer
		if err := Render(&buf, format, p, Options{}); err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if s != "" && strings.Contains(strings.ToLower(buf.String()), strings.ToLower(s)) {
				t.Errorf("%s output contains %q", format, s)
			}
		}
		buf.Reset()
		if err := Render(&buf, format, p, Options{Redact: license.Redactor{Show: true}}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "UPD-0001-SECRET") {
			t.Errorf("%s with --show-sensitive does not show the key", format)
		}
	}
}

func TestJSONMatchesSchema(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, realistic(t), Options{}); err != nil {
		t.Fatal(err)
	}
	sch, err := schemas.Plan()
	if err != nil {
		t.Fatal(err)
	}
	if err := schemas.ValidateJSON(sch, &buf); err != nil {
		t.Fatalf("plan JSON does not match schemas/plan.schema.json: %v", err)
	}
}

// TestMarkdownStaysUnderCommentLimit renders 5,000 changes.
func TestMarkdownStaysUnderCommentLimit(t *testing.T) {
	var desired []license.License
	var current []license.License
	for i := 0; i < 5000; i++ {
		k := license.Key(fmt.Sprintf("KEY-%05d", i))
		desired = append(desired, license.License{Key: k, Status: license.Active, Product: "app", Policy: "pro",
			UserEmail: fmt.Sprintf("u%d@example.com", i), Origin: srcAt(i + 2)})
		if i%2 == 0 {
			l := desired[i]
			l.Status = license.Suspended
			current = append(current, l)
		}
	}
	p, err := plan.Compute(plan.Desired{Licenses: desired}, plan.FromSnapshot(&license.Snapshot{Licenses: current}), plan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p.Diagnostics = append(p.Diagnostics, plan.Diagnostic{Severity: plan.Error, Message: "a finding that must survive the cut"})
	var buf bytes.Buffer
	if err := Markdown(&buf, p, Options{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "- **error**: a finding that must survive the cut") {
		t.Fatal("the changes filled the comment and pushed the findings out")
	}
	if len(out) > CommentLimit {
		t.Fatalf("markdown is %d characters, over %d", len(out), CommentLimit)
	}
	shown := strings.Count(out, "license key:")
	if !strings.Contains(out, fmt.Sprintf("**%d more changes not shown**", 5000-shown)) {
		t.Fatalf("markdown shows %d of 5000 changes but does not say how many it left out", shown)
	}
	if !strings.Contains(out, "#### Deletions and status changes\n\n```diff\n~ reinstate license key:") {
		t.Fatal("status changes must come first, before the collapsed creates")
	}
}

// TestGoldenBlocked pins how each format carries a safety block: which
// rule, the numbers, and the pasteable --ack command with the user's -c.
func TestGoldenBlocked(t *testing.T) {
	p := realistic(t)
	o := Options{Blocked: p.Blocked(plan.Thresholds{plan.KindLicense: {plan.Delete: {MaxCount: new(int)}}}),
		Apply: "licentric-sync -c prod.yaml apply --auto-approve"}
	if len(o.Blocked) == 0 {
		t.Fatal("the realistic plan must cross a zero delete threshold")
	}
	for _, format := range []string{"text", "markdown", "json"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(&buf, format, p, o); err != nil {
				t.Fatal(err)
			}
			golden(t, "plan.blocked."+format+".golden", buf.Bytes())
			if format == "json" {
				sch, err := schemas.Plan()
				if err != nil {
					t.Fatal(err)
				}
				if err := schemas.ValidateJSON(sch, bytes.NewReader(buf.Bytes())); err != nil {
					t.Fatalf("a blocked JSON plan does not validate: %v", err)
				}
			}
		})
	}
}

// TestColourOnlyWhenAsked: symbols are painted only with Colour set, and
// the painted form is the plain one plus escapes.
func TestColourOnlyWhenAsked(t *testing.T) {
	p := realistic(t)
	var plain, painted bytes.Buffer
	if err := Text(&plain, p, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := Text(&painted, p, Options{Colour: true}); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(plain.Bytes(), []byte("\x1b[")) {
		t.Fatal("plain text holds escapes")
	}
	if !bytes.Contains(painted.Bytes(), []byte("\x1b[32m+\x1b[0m create")) || !bytes.Contains(painted.Bytes(), []byte("\x1b[31m-\x1b[0m delete")) {
		t.Fatalf("no colour on create/delete:\n%s", painted.String())
	}
	stripped := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAll(painted.Bytes(), nil)
	if !bytes.Equal(stripped, plain.Bytes()) {
		t.Fatal("the painted plan differs from the plain one beyond escapes")
	}
}

// TestSummaryOnly: --summary shows counts per kind and action, findings
// and totals, and no change line, in text and markdown; JSON refuses it.
func TestSummaryOnly(t *testing.T) {
	p := realistic(t)
	for _, format := range []string{"text", "markdown"} {
		var buf bytes.Buffer
		if err := Render(&buf, format, p, Options{Summary: true}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if regexp.MustCompile(`(?m)^\s*[-+~!] (create|update|delete|suspend|revoke|reinstate|update\+\w+) `).MatchString(out) {
			t.Fatalf("%s --summary lists changes:\n%s", format, out)
		}
		for _, want := range []string{p.Summary.Line(), "the license is active but its expiry has passed", "Plan checksum"} {
			if !strings.Contains(out, want) {
				t.Fatalf("%s --summary lacks %q:\n%s", format, want, out)
			}
		}
		if format == "text" && !strings.Contains(out, "  policies: 1 update\n  licenses: 1 create, 2 update, 1 delete, 1 suspend, 1 revoke\n") {
			t.Fatalf("text --summary lacks the license counts:\n%s", out)
		}
	}
	if err := Render(&bytes.Buffer{}, "json", p, Options{Summary: true}); err == nil {
		t.Fatal("json --summary must be refused, not silently ignored")
	}
}

// TestTargetUserinfoHidden: a target URL written with user:password@
// (a saved plan, an old config) prints without them in every format.
func TestTargetUserinfoHidden(t *testing.T) {
	p := realistic(t)
	p.Target = "Licentric API https://ops:hunter2@api.example.com/api/v1"
	for _, format := range []string{"text", "markdown", "json"} {
		var buf bytes.Buffer
		if err := Render(&buf, format, p, Options{}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "hunter2") || !strings.Contains(buf.String(), "Licentric API https://api.example.com/api/v1") {
			t.Errorf("%s: the Target keeps its userinfo or is missing:\n%s", format, buf.String())
		}
	}
}

// TestControlCharactersEscaped: names, plan-file fields and findings with
// ANSI/OSC sequences, C1 controls or bidi overrides print escaped in the
// text and markdown forms; the JSON form holds none raw and decodes to
// the same values.
func TestControlCharactersEscaped(t *testing.T) {
	p := realistic(t)
	evil := "Evil\x1b]0;pwned\x07\x1b[2J\u009b31m\u202e\x7f"
	p.Target += evil
	p.Changes = append([]plan.Change{{Kind: plan.KindProduct, Action: plan.Create, ID: "app" + evil,
		Product: &license.Product{Code: "app" + evil, Name: evil}}}, p.Changes...)
	p.Diagnostics = append(p.Diagnostics, plan.Diagnostic{Severity: plan.Note, Where: "x.csv\x1b[1A", Message: evil})
	for i := range p.Changes {
		if c := &p.Changes[i]; c.Kind == plan.KindLicense && c.Action == plan.Update {
			c.Fields = append(c.Fields, plan.FieldDiff{Field: "name", Before: "Office", After: evil})
			c.License.Origin.File = "exports/\u009b2Jkeygen.csv"
		}
	}
	for _, format := range []string{"text", "markdown", "json"} {
		var buf bytes.Buffer
		if err := Render(&buf, format, p, Options{Colour: false}); err != nil {
			t.Fatal(err)
		}
		for _, r := range buf.String() {
			if r != '\n' && (r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r == 0x202e) {
				t.Fatalf("%s output holds the raw control %U:\n%q", format, r, buf.String())
			}
		}
		if format != "json" && !strings.Contains(buf.String(), `Evil\x1b]0;pwned\x07\x1b[2J\u009b31m\u202e\x7f`) {
			t.Errorf("%s does not show the escaped value:\n%s", format, buf.String())
		}
		if format == "json" && !json.Valid(buf.Bytes()) {
			t.Errorf("json is not valid:\n%s", buf.String())
		}
	}
}
