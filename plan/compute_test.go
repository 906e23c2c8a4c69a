package plan

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/license"
)

func ts(s string) *time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return &t
}

var (
	ours   = license.Origin{Source: "kg", Platform: "keygen", SourceID: "1", File: "k.csv", Line: 2}
	policy = license.Policy{ID: "pro", Product: "app", Name: "Pro", MaxMachines: 2}
)

func lic(key string, st license.Status, mod ...func(*license.License)) license.License {
	l := license.License{Key: license.Key(key), Status: st, Product: "app", Policy: "pro", UserEmail: key + "@example.com", Origin: ours}
	for _, m := range mod {
		m(&l)
	}
	return l
}

func state(ls ...license.License) *license.Snapshot {
	return &license.Snapshot{Products: []license.Product{{Code: "app", Name: "App"}},
		Policies: []license.PolicyState{{Policy: policy, Managed: true}}, Licenses: ls}
}

// brief is what the table compares: action, identity, fields.
type brief struct {
	Kind   Kind
	Action Action
	ID     string
	Status license.StatusAction
	Fields []FieldDiff
}

func briefs(p *Plan) []brief {
	var out []brief
	for _, c := range p.Changes {
		out = append(out, brief{c.Kind, c.Action, c.ID, c.StatusAction, c.Fields})
	}
	return out
}

func TestCompute(t *testing.T) {
	notOurs := func(l *license.License) { l.Origin = license.Origin{} }
	otherConfig := func(l *license.License) {
		l.Origin = license.Origin{Source: "legacy-shop", Platform: "csv", SourceID: "9"}
	}
	otherPlatform := func(l *license.License) { l.Origin.Platform = "cryptlex" }
	tests := map[string]struct {
		desired   []license.License
		current   *license.Snapshot
		opts      Options
		want      []brief
		diagnosed Severity
	}{
		"empty target: catalog and licenses are created in order": {
			desired: []license.License{lic("B", license.Active), lic("A", license.Active)},
			current: &license.Snapshot{},
			want: []brief{{KindProduct, Create, "app", "", nil}, {KindPolicy, Create, "pro", "", nil},
				{KindLicense, Create, "A", "", nil}, {KindLicense, Create, "B", "", nil}},
		},
		"same state is no change": {
			desired: []license.License{lic("A", license.Active)},
			current: state(lic("A", license.Active)),
		},
		"keys differ by case are distinct": {
			desired:   []license.License{lic("a", license.Active)},
			current:   state(lic("A", license.Active)),
			want:      []brief{{KindLicense, Create, "a", "", nil}},
			diagnosed: Note, // A left the export
		},
		"field update lists diffs, email is PII": {
			desired: []license.License{lic("A", license.Active, func(l *license.License) { l.UserEmail = "new@example.com"; l.ExpiresAt = ts("2030-01-01T00:00:00Z") })},
			current: state(lic("A", license.Active)),
			want: []brief{{KindLicense, Update, "A", "", []FieldDiff{
				{Field: "userEmail", Before: "A@example.com", After: "new@example.com", Sensitivity: PII},
				{Field: "expiresAt", Before: "", After: "2030-01-01T00:00:00.000Z"}}}},
		},
		"status only is a status action": {
			desired: []license.License{lic("A", license.Suspended)},
			current: state(lic("A", license.Active)),
			want:    []brief{{KindLicense, Suspend, "A", license.Suspend, []FieldDiff{{Field: "status", Before: "active", After: "suspended"}}}},
		},
		"status and fields is an update with a status action": {
			desired: []license.License{lic("A", license.Revoked, func(l *license.License) { l.Name = "x" })},
			current: state(lic("A", license.Active)),
			want: []brief{{KindLicense, Update, "A", license.Revoke, []FieldDiff{
				{Field: "status", Before: "active", After: "revoked"}, {Field: "name", Before: "", After: "x"}}}},
		},
		"revoked to active is refused with a warning": {
			desired:   []license.License{lic("A", license.Active)},
			current:   state(lic("A", license.Revoked)),
			diagnosed: Warning,
		},
		"missing license without prune stays": {
			current:   state(lic("A", license.Active)),
			diagnosed: Note,
		},
		"prune never reaches another config's source": {
			desired: []license.License{lic("A", license.Active)},
			current: state(lic("A", license.Active), lic("B", license.Active, otherConfig), lic("C", license.Active, otherPlatform)),
			opts:    Options{Prune: true, Owners: map[string]string{"kg": "keygen"}},
			want:    nil, diagnosed: Note,
		},
		"another config's license is a conflict, not an update": {
			desired:   []license.License{lic("B", license.Suspended)},
			current:   state(lic("B", license.Active, otherConfig)),
			opts:      Options{OnConflict: "fail", Owners: map[string]string{"kg": "keygen"}},
			diagnosed: Error,
		},
		"adopting another config's license changes its owner once": {
			desired: []license.License{lic("B", license.Active)},
			current: state(lic("B", license.Active, otherConfig)),
			opts:    Options{OnConflict: "adopt", Owners: map[string]string{"kg": "keygen"}},
			want:    []brief{{KindLicense, Update, "B", "", []FieldDiff{{Field: "owner", Before: "legacy-shop (csv) 9", After: "kg (keygen) 1"}}}},
		},
		"prune deletes only ours": {
			current: state(lic("A", license.Active), lic("B", license.Active, notOurs)),
			opts:    Options{Prune: true},
			want:    []brief{{KindLicense, Delete, "A", "", nil}},
		},
		"foreign key fails by default": {
			desired:   []license.License{lic("A", license.Active)},
			current:   state(lic("A", license.Active, notOurs)),
			opts:      Options{OnConflict: "fail"},
			diagnosed: Error,
		},
		"foreign key skipped": {
			desired:   []license.License{lic("A", license.Active)},
			current:   state(lic("A", license.Active, notOurs)),
			opts:      Options{OnConflict: "skip"},
			diagnosed: Note,
		},
		"foreign key adopted writes the marker": {
			desired: []license.License{lic("A", license.Active)},
			current: state(lic("A", license.Active, notOurs)),
			opts:    Options{OnConflict: "adopt"},
			want:    []brief{{KindLicense, Update, "A", "", []FieldDiff{{Field: "owner", Before: "", After: "kg (keygen) 1"}}}},
		},
		"renamed policy is an update": {
			current: &license.Snapshot{Products: []license.Product{{Code: "app", Name: "App"}},
				Policies: []license.PolicyState{{Policy: license.Policy{ID: "pro", Product: "app", Name: "Old", MaxMachines: 2}, Managed: true}}},
			want: []brief{{KindPolicy, Update, "pro", "", []FieldDiff{{Field: "name", Before: "Old", After: "Pro"}}}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			d := Desired{Products: []license.Product{{Code: "app", Name: "App"}}, Policies: []license.Policy{policy}, Licenses: tc.desired}
			p, err := Compute(d, FromSnapshot(tc.current), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, briefs(p)); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			if tc.diagnosed != "" && (len(p.Diagnostics) != 1 || p.Diagnostics[0].Severity != tc.diagnosed) {
				t.Errorf("diagnostics %+v, want one %s", p.Diagnostics, tc.diagnosed)
			}
			if tc.diagnosed == "" && len(p.Diagnostics) != 0 {
				t.Errorf("unexpected diagnostics %+v", p.Diagnostics)
			}
		})
	}
}

func TestFingerprintMatchesStreaming(t *testing.T) {
	snap := state(lic("B", license.Active), lic("A", license.Suspended))
	want := Fingerprint(snap)
	p, err := Compute(Desired{}, FromSnapshot(state(lic("A", license.Suspended), lic("B", license.Active))), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.TargetFingerprint != want {
		t.Fatalf("streamed %s, snapshot %s", p.TargetFingerprint, want)
	}
	if Fingerprint(state(lic("A", license.Active), lic("B", license.Active))) == want {
		t.Fatal("a status change must change the fingerprint")
	}
}

func TestSafetyThresholds(t *testing.T) {
	var cur []license.License
	var want []license.License
	for i := 0; i < 20; i++ {
		k := string(rune('A' + i))
		cur = append(cur, lic(k, license.Active))
		st := license.Active
		if i < 7 {
			st = license.Suspended
		}
		if i == 19 {
			st = license.Revoked
		}
		want = append(want, lic(k, st))
	}
	p, err := Compute(Desired{Products: []license.Product{{Code: "app", Name: "App"}}, Policies: []license.Policy{policy}, Licenses: want},
		FromSnapshot(state(cur...)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := p.Blocked(DefaultThresholds())
	wantReasons := []string{"1 license revokes exceed options.safety.licenses.revoke.max_count 0"}
	if diff := cmp.Diff(wantReasons, got); diff != "" {
		t.Fatalf("blocked (-want +got):\n%s", diff)
	}
	ten := 10.0
	got = p.Blocked(DefaultThresholds().Merge(Thresholds{KindLicense: {Suspend: {MaxPercent: &ten}}}))
	if len(got) != 2 || got[1] != "7 license suspends are 35.0% of the 20 managed licenses, over options.safety.licenses.suspend.max_percent 10" {
		t.Fatalf("blocked = %q", got)
	}
}

func TestSavedPlanRoundTrip(t *testing.T) {
	p, err := Compute(Desired{Products: []license.Product{{Code: "app", Name: "App"}}, Policies: []license.Policy{policy},
		Licenses: []license.License{lic("A", license.Active, func(l *license.License) { l.ExpiresAt = ts("2031-02-03T04:05:06Z") })}},
		FromSnapshot(&license.Snapshot{}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, p, ""); err != nil {
		t.Fatal(err)
	}
	saved := buf.String()
	back, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if back.Checksum() != p.Checksum() || len(back.Changes) != 3 || back.Changes[2].License.ExpiresAt == nil {
		t.Fatalf("round trip lost data: %+v", back.Changes)
	}
	tampered := strings.Replace(saved, `"status":"active"`, `"status":"revoked"`, 1)
	if tampered == saved {
		t.Fatal("test could not tamper with the plan")
	}
	if _, err := Read(strings.NewReader(tampered)); err == nil || !strings.Contains(err.Error(), "modified") {
		t.Fatalf("a modified plan file must be refused, got %v", err)
	}
	if _, _, err := ReadHeader(strings.NewReader(tampered)); err == nil || !strings.Contains(err.Error(), "modified") {
		t.Fatalf("ReadHeader must refuse a modified plan file too, got %v", err)
	}
	head, sum, err := ReadHeader(strings.NewReader(saved))
	if err != nil || sum != p.Checksum() || head.TargetFingerprint != p.TargetFingerprint || len(head.Changes) != 0 {
		t.Fatalf("ReadHeader: %v %s %+v", err, sum, head)
	}
}

// TestShrinkingSourceBlocks: a source that yields nothing (even on a
// target that holds nothing from it: an export with a header alone), or
// (with prune) fewer than half of what the target holds from it, blocks
// the plan whatever the 10-managed floor; other configs' licenses never
// count.
func TestShrinkingSourceBlocks(t *testing.T) {
	owners := map[string]string{"kg": "keygen"}
	held := []license.License{lic("A", license.Active), lic("B", license.Active), lic("C", license.Active)}
	foreignHeld := lic("Z", license.Active, func(l *license.License) { l.Origin.Source = "legacy-shop" })
	for name, tc := range map[string]struct {
		desired []license.License
		prune   bool
		blocked bool
	}{
		"gone empty with prune":          {nil, true, true},
		"gone empty without prune":       {nil, false, true},
		"one of three with prune":        {held[:1], true, true},
		"one of three without prune":     {held[:1], false, false},
		"two of three with prune":        {held[:2], true, false},
		"all there":                      {held, true, false},
		"first run, nothing held before": {held, true, false},
		"first run, nothing to migrate":  {nil, false, true},
	} {
		t.Run(name, func(t *testing.T) {
			cur := append(append([]license.License(nil), held...), foreignHeld)
			if strings.HasPrefix(name, "first run") {
				cur = []license.License{foreignHeld}
			}
			d := Desired{Products: []license.Product{{Code: "app", Name: "App"}}, Policies: []license.Policy{policy},
				Licenses: append([]license.License(nil), tc.desired...)}
			p, err := Compute(d, FromSnapshot(state(cur...)), Options{Prune: tc.prune, Owners: owners})
			if err != nil {
				t.Fatal(err)
			}
			reasons := p.Blocked(Thresholds{})
			if got := len(reasons) > 0; got != tc.blocked {
				t.Fatalf("blocked = %v (%v), want %v", got, reasons, tc.blocked)
			}
			if tc.blocked && !strings.Contains(reasons[0], "source kg yields") {
				t.Fatalf("the reason does not name the source: %v", reasons)
			}
		})
	}
}

// TestCombinedChangeCountsOnce: update+suspend is one update and one
// suspend everywhere: the line, by_kind and the thresholds agree.
func TestCombinedChangeCountsOnce(t *testing.T) {
	d := Desired{Products: []license.Product{{Code: "app", Name: "App"}}, Policies: []license.Policy{policy},
		Licenses: []license.License{lic("A", license.Suspended, func(l *license.License) { l.UserName = "New" })}}
	p, err := Compute(d, FromSnapshot(state(lic("A", license.Active))), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) != 1 || p.Changes[0].Action != Update || p.Changes[0].StatusAction != license.Suspend {
		t.Fatalf("want one update+suspend, got %+v", p.Changes)
	}
	want := Summary{Update: 1, StatusChanges: 1, ByKind: map[Kind]map[Action]int{KindLicense: {Update: 1, Suspend: 1}}}
	if diff := cmp.Diff(want, p.Summary); diff != "" {
		t.Fatalf("summary (-want +got):\n%s", diff)
	}
	if r := p.Blocked(Thresholds{KindLicense: {Suspend: {MaxCount: new(int)}}}); len(r) != 1 {
		t.Fatalf("a zero suspend threshold must see the combined change: %v", r)
	}
}
