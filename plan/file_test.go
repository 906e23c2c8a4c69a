package plan

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/license"
)

// savedPlan is a small plan file with an email change (a PII field).
func savedPlan(t testing.TB) string {
	t.Helper()
	cur := state(lic("A", license.Active))
	d := Desired{Products: []license.Product{{Code: "app", Name: "App"}}, Policies: []license.Policy{policy},
		Licenses: []license.License{lic("A", license.Active, func(l *license.License) { l.UserEmail = "new@example.com" }), lic("B", license.Active)}}
	p, err := Compute(d, FromSnapshot(cur), Options{})
	if err != nil {
		t.Fatal(err)
	}
	p.Diagnostics = append(p.Diagnostics, Diagnostic{Severity: Note, Message: "a note"})
	var buf bytes.Buffer
	if err := Write(&buf, p, ""); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestTamperedPlanFilesAreRefused: show (Read) and apply (ReadHeader)
// refuse every edit, never trust a count, and take sensitivity from the
// field name.
func TestTamperedPlanFilesAreRefused(t *testing.T) {
	saved := savedPlan(t)
	head, _, _ := strings.Cut(saved, "\n")
	for name, tc := range map[string]struct {
		edit func(string) string
		want string
	}{
		"negative count":    {func(s string) string { return strings.Replace(s, `"changes":2`, `"changes":-1`, 1) }, "announces -1 changes"},
		"huge count":        {func(s string) string { return strings.Replace(s, `"changes":2`, `"changes":100000000`, 1) }, "change 3 of 100000000"},
		"float count":       {func(s string) string { return strings.Replace(s, `"changes":2`, `"changes":1e15`, 1) }, "not a licentric-sync plan file"},
		"summary edited":    {func(s string) string { return strings.Replace(s, `"create":1`, `"create":0`, 1) }, "modified"},
		"diagnostic edited": {func(s string) string { return strings.Replace(s, `a note`, `all fine`, 1) }, "modified"},
		"target edited":     {func(s string) string { return strings.Replace(s, `"target":""`, `"target":"production"`, 1) }, "modified"},
		"unknown header field": {func(s string) string {
			return strings.Replace(s, `{"format_version"`, `{"extra":1,"format_version"`, 1)
		}, "unknown field"},
		"trailing data":     {func(s string) string { return s + `{"kind":"license"}` + "\n" }, "data after the 2 changes"},
		"changes in header": {func(s string) string { return strings.Replace(s, `"changes":2`, `"changes":2,"changes":[]`, 1) }, ""},
		"truncated":         {func(s string) string { return s[:len(s)-40] }, "change 2 of 2"},
	} {
		t.Run(name, func(t *testing.T) {
			bad := tc.edit(saved)
			if bad == saved {
				t.Fatal("the edit changed nothing; the case proves nothing")
			}
			_, errRead := Read(strings.NewReader(bad))
			_, _, errHead := ReadHeader(strings.NewReader(bad))
			for _, err := range []error{errRead, errHead} {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("got %v, want an error containing %q", err, tc.want)
				}
			}
		})
	}
	// sensitivity flags stripped from the file: still PII on read
	stripped := strings.ReplaceAll(saved, `,"sensitivity":"pii"`, ``)
	if stripped == saved {
		t.Fatal("the plan has no PII field diff; the case proves nothing")
	}
	back, err := Read(strings.NewReader(stripped))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range back.Changes {
		for _, f := range c.Fields {
			if f.Field == "userEmail" && f.Sensitivity != PII {
				t.Fatalf("with the flags stripped, userEmail reads as %q; renderers would print it", f.Sensitivity)
			}
		}
	}
	if !strings.Contains(head, `"changes":2`) {
		t.Fatalf("unexpected header: %s", head)
	}
}

// TestSensitivityComesFromTheFieldName holds even for a file whose
// checksum was recomputed by the attacker: the class is re-derived.
func TestSensitivityComesFromTheFieldName(t *testing.T) {
	c, err := readChange(newDecoder(`{"kind":"license","action":"update","id":"A","fields":[{"field":"userEmail","before":"a@x.io","after":"b@x.io"}]}`), 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if c.Fields[0].Sensitivity != PII {
		t.Fatalf("userEmail read as %q", c.Fields[0].Sensitivity)
	}
}

// FuzzReadPlan: no input makes the plan-file readers panic or allocate
// by a count, and the two readers agree on what they accept.
func FuzzReadPlan(f *testing.F) {
	saved := savedPlan(f)
	f.Add([]byte(saved))
	f.Add([]byte(strings.Replace(saved, `"changes":2`, `"changes":-1`, 1)))
	f.Add([]byte(strings.Replace(saved, `"changes":2`, `"changes":1e15`, 1)))
	f.Add([]byte(strings.Replace(saved, `"changes":2`, `"changes":100000000`, 1)))
	f.Add([]byte(`{"format_version":"1","changes":3,"checksum":"x"}`))
	f.Add([]byte("{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, errRead := Read(bytes.NewReader(data))
		_, sum, errHead := ReadHeader(bytes.NewReader(data))
		if (errRead == nil) != (errHead == nil) {
			t.Fatalf("Read: %v; ReadHeader: %v", errRead, errHead)
		}
		if errRead == nil && p.Checksum() != sum {
			t.Fatalf("accepted plan's checksum %s differs from its header's %s", p.Checksum(), sum)
		}
	})
}

func newDecoder(s string) *json.Decoder { return json.NewDecoder(strings.NewReader(s)) }
