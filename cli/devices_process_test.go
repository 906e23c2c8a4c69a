package cli_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/sandbox"
)

// carryConfig carries a Keygen dump's machines into the sandbox.
const carryConfig = `version: 1
target:
  licentric:
    url: %s/api/v1
products: [{code: studio, name: Studio}]
policies: [{id: team, product: studio, name: Team, max_machines: 5}]
sources:
  - name: kg
    platform: keygen
    devices: carry
    path: exports/*.json
    rules: [{policy: team}]
`

// writeKeygenDump writes a Keygen dump of n licenses with m machines each:
// /licenses, /machines, /policies and /products pages.
func writeKeygenDump(t *testing.T, dir string, n, m int) {
	t.Helper()
	var lics, machines []string
	for i := range n {
		id := fmt.Sprintf("11111111-0000-4000-8000-%012d", i)
		lics = append(lics, fmt.Sprintf(`{"id":%q,"type":"licenses","attributes":{"key":"KG-CARRY-%d","status":"ACTIVE","maxMachines":5},`+
			`"relationships":{"policy":{"data":{"type":"policies","id":"33333333-0000-4000-8000-000000000001"}},"owner":{"data":null}}}`, id, i))
		for j := range m {
			machines = append(machines, fmt.Sprintf(`{"id":"m-%d-%d","type":"machines","attributes":{"fingerprint":"fingerprint-%d-%d","platform":"Linux"},`+
				`"relationships":{"license":{"data":{"type":"licenses","id":%q}}}}`, i, j, i, j, id))
		}
	}
	files := map[string]string{
		"licenses-1.json": `{"data":[` + strings.Join(lics, ",\n") + `],"links":{"next":null}}`,
		"machines-1.json": `{"data":[` + strings.Join(machines, ",\n") + `],"links":{"next":null}}`,
		"policies-1.json": `{"data":[{"id":"33333333-0000-4000-8000-000000000001","type":"policies","attributes":{"name":"Team","maxMachines":5}}],"links":{"next":null}}`,
		"products-1.json": `{"data":[{"id":"44444444-0000-4000-8000-000000000001","type":"products","attributes":{"name":"Studio"}}],"links":{"next":null}}`,
	}
	if err := os.MkdirAll(filepath.Join(dir, "exports"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, "exports", name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestKilledCarryResumes kills a real apply with SIGKILL while it carries
// machines into the sandbox: its 13th activation is stored, and the
// process killed while it waits for the answer (the sandbox holds it).
// Run again, the apply finds those 13 active already, activates the other
// 47, and every machine is active exactly once on its license. The kill
// comes on that event, not after a time, so the sandbox sets no rate
// limit; the carry's pacing is tested on a fake clock in
// providers/licentric (TestCarryIsPacedAndResumes).
func TestKilledCarryResumes(t *testing.T) {
	const n, m, cut = 12, 5, 13
	dir := t.TempDir()
	writeKeygenDump(t, dir, n, m)
	store, err := local.Open(filepath.Join(dir, "sandbox.db"), "sandbox.db")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	gate := newAnswerGate(sandbox.New(store, sandbox.Options{}).Handler(), http.MethodPost, "/machines", cut)
	srv := gate.serve(t)
	if err := os.WriteFile(filepath.Join(dir, "licentric.yaml"), []byte(fmt.Sprintf(carryConfig, srv.URL)), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LICENTRIC_API_KEY", "lk_test_kill")
	killAtGate(t, cliCommand(dir, "apply", "--auto-approve"), gate)
	if before := countMachines(t, store, n); before != cut {
		t.Fatalf("%d machines active after the kill, want the %d activations sent", before, cut)
	}
	out, err := cliCommand(dir, "apply", "--auto-approve").CombinedOutput()
	if err != nil {
		t.Fatalf("apply after kill: %v\n%s", err, out)
	}
	want := fmt.Sprintf("devices: %d activated, %d active already", n*m-cut, cut)
	if !strings.Contains(string(out), want) {
		t.Fatalf("the second apply does not say %q:\n%s", want, out)
	}
	if got := countMachines(t, store, n); got != n*m {
		t.Fatalf("%d machines after the re-run, want %d", got, n*m)
	}
}

// countMachines counts the machines on the n carried licenses, failing on
// a fingerprint held twice.
func countMachines(t *testing.T, s *local.Store, n int) int {
	t.Helper()
	total := 0
	for i := range n {
		key := license.Key(fmt.Sprintf("KG-CARRY-%d", i))
		rec, err := s.LicenseByKey(context.Background(), key)
		if err != nil {
			continue // not applied yet
		}
		ms, err := s.ListMachines(context.Background(), rec.ID, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, m := range ms {
			if seen[m.Fingerprint] {
				t.Fatalf("%s holds a fingerprint twice", key.Ref())
			}
			seen[m.Fingerprint] = true
		}
		total += len(ms)
	}
	return total
}
