package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/licentric/licentric-sync/cli"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/licentricapi"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers/httpx/httpxtest"
	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/sandbox"
)

// asCLI makes the test binary behave as licentric-sync when re-executed by
// the process tests (kill, concurrency), without a separate go build.
const asCLI = "LICENTRIC_SYNC_TEST_AS_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(asCLI) == "1" {
		os.Exit(runCLI(cliStderr()))
	}
	testscript.Main(m, map[string]func(){
		"licentric-sync": func() { os.Exit(runCLI(os.Stderr)) },
	})
}

// runCLI is this test binary run as the CLI, by a script or a process
// test: the binary's Main, but on a fake clock (httpxtest.Clock), on which
// a pace, a backoff or a Retry-After passes at once, so no test waits for
// one. The servers those processes talk to therefore set no rate limit
// (they could not see the fake time pass); waiting on a limit is tested
// in-process with the clock shared with the server (TestRunWaitsOnItsClock).
func runCLI(stderr io.Writer) int {
	return cli.Run(os.Args[1:], os.Stdout, stderr, cli.Options{Clock: httpxtest.NewClock(time.Now())})
}

func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("..", "testdata", "script"),
		UpdateScripts:       os.Getenv("UPDATE_GOLDEN") != "",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			env.Setenv("CI", "")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode":      cmdExitcode,
			"holdlock":      cmdHoldlock,
			"gencsv":        cmdGencsv,
			"gencsv-huge":   cmdGenHuge,
			"wizardupload":  cmdWizardUpload,
			"filemode":      cmdFileMode,
			"gencsv-bigkey": cmdGenBigKey,
			"foreign":       cmdForeign,
			"replace":       cmdReplace,
			"sandbox":       cmdSandbox,
			"fakeapi":       cmdFakeAPI,
			"fakeapi-add":   cmdFakeAPIAdd,
			"fakeapi-edit":  cmdFakeAPIEdit,
			"fakeapi-keep":  cmdFakeAPIKeep,
			"fakeapi-fault": cmdFakeAPIFault,
			"maxbytes":      cmdMaxBytes,
		},
	})
}

// exitcode N prog args... runs prog and checks its exact exit code.
func cmdExitcode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N prog args...")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %v", err)
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			ts.Fatalf("exitcode: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("exit code %d, want %d", got, want)
	}
}

// maxbytes stdout|stderr|FILE N fails when the last command's output (or
// the file) is longer than N bytes: output bounds are part of the contract.
func cmdMaxBytes(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: maxbytes stdout|stderr|FILE N")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	if got := len(ts.ReadFile(args[0])); got > n {
		ts.Fatalf("%s is %d bytes, over %d", args[0], got, n)
	}
}

// holdlock DB takes the local store's apply lock for the rest of the
// script, as a concurrent apply would.
func cmdHoldlock(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: holdlock DB")
	}
	s, err := local.Open(ts.MkAbs(args[0]), args[0])
	if err != nil {
		ts.Fatalf("holdlock: %v", err)
	}
	if err := s.Lock(context.Background(), "a concurrent licentric-sync apply"); err != nil {
		ts.Fatalf("holdlock: %v", err)
	}
	ts.Defer(func() { s.Close() })
}

// gencsv N FILE writes a generic CSV export of N licenses.
func cmdGencsv(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: gencsv N FILE")
	}
	n, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("gencsv: %v", err)
	}
	if err := GenerateCSV(ts.MkAbs(args[1]), n, 1); err != nil {
		ts.Fatalf("gencsv: %v", err)
	}
}

// GenerateCSV writes n licenses with the generic CSV columns.
func GenerateCSV(path string, n int, seed uint64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	r := rand.New(rand.NewPCG(seed, seed))
	fmt.Fprintln(w, "key,status,plan,email,expires_at,metadata")
	for i := 0; i < n; i++ {
		st := "active"
		if i%10 == 0 {
			st = "suspended"
		}
		fmt.Fprintf(w, "K%06X-%06X-%06X-%d,%s,pro,user%d@example.com,2031-01-%02dT00:00:00.000Z,\"{\"\"orderId\"\": \"\"O-%d\"\"}\"\n",
			r.Uint32()&0xffffff, r.Uint32()&0xffffff, r.Uint32()&0xffffff, i, st, i, 1+i%28, i)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// foreign DB KEY creates a license in the store without our ownership
// marker, as if someone had created it in Licentric by hand.
func cmdForeign(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: foreign DB KEY")
	}
	s, err := local.Open(ts.MkAbs(args[0]), args[0])
	if err != nil {
		ts.Fatalf("foreign: %v", err)
	}
	defer s.Close()
	l := license.License{Key: license.Key(args[1]), Status: license.Active, Product: "app", Policy: "pro", UserEmail: "hand@example.com"}
	err = s.Apply(context.Background(), []plan.Change{{Kind: plan.KindLicense, Action: plan.Create, ID: args[1], License: &l}}, nil)
	if err != nil {
		ts.Fatalf("foreign: %v", err)
	}
}

// replace FILE OLD NEW edits a file in place, failing if OLD is absent.
func cmdReplace(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: replace FILE OLD NEW")
	}
	data := ts.ReadFile(args[0])
	if !strings.Contains(data, args[1]) {
		ts.Fatalf("replace: %q not in %s", args[1], args[0])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Replace(data, args[1], args[2], 1)), 0o600))
}

// sandbox CONFIG [STORE] starts a sandbox API server over STORE
// (default sandbox.db) on a free loopback port for the rest of the script
// and points CONFIG's target at it ($SANDBOX_URL).
func cmdSandbox(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: sandbox CONFIG [STORE]")
	}
	db := "sandbox.db" // one store is one account; another STORE is another account
	if len(args) == 2 {
		db = args[1]
	}
	store, err := local.Open(ts.MkAbs(db), db)
	ts.Check(err)
	srv := httptest.NewServer(sandbox.New(store, sandbox.Options{RateLimit: 0}).Handler())
	ts.Defer(func() { srv.Close(); store.Close() })
	cfg := ts.ReadFile(args[0])
	target := "version: 1\ntarget:\n  licentric:\n    url: " + srv.URL + "/api/v1\n"
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Replace(cfg, "version: 1\n", target, 1)), 0o644))
	ts.Setenv("SANDBOX_URL", srv.URL+"/api/v1")
}

// gencsv-huge FILE writes 3 MiB with no line break: a "header" that never ends.
func cmdGenHuge(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: gencsv-huge FILE")
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), bytes.Repeat([]byte("x"), 3<<20), 0o600))
}

// gencsv-bigkey FILE writes an export whose second row has a 20,000-byte key.
func cmdGenBigKey(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: gencsv-bigkey FILE")
	}
	text := "key,status\nK-1,active\n" + strings.Repeat("K", 20000) + ",active\n"
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(text), 0o600))
}

// filemode FILE MODE checks a file's permission bits (octal).
func cmdFileMode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: filemode FILE MODE")
	}
	st, err := os.Stat(ts.MkAbs(args[0]))
	ts.Check(err)
	want, err := strconv.ParseUint(args[1], 8, 32)
	ts.Check(err)
	if st.Mode().Perm() != os.FileMode(want) {
		ts.Fatalf("%s has mode %#o, want %#o", args[0], st.Mode().Perm(), want)
	}
}

// wizardupload CSV STORE does what the dashboard's import wizard does
// with a wizard-csv file: each row becomes a license of the policy it
// names, with its key, status, holder, expiry and metadata, through the
// store's own import.
func cmdWizardUpload(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: wizardupload CSV STORE")
	}
	f, err := os.Open(ts.MkAbs(args[0]))
	ts.Check(err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	ts.Check(err)
	store, err := local.Open(ts.MkAbs(args[1]), "store")
	ts.Check(err)
	defer store.Close()
	policies, err := store.ListPolicies(context.Background(), "", 100)
	ts.Check(err)
	byName := map[string]local.PolicyRecord{}
	for _, p := range policies {
		byName[p.Name] = p
	}
	var imp []licentricapi.License
	for _, r := range rows[1:] {
		col := func(name string) string { return r[slices.Index(rows[0], name)] }
		pol, ok := byName[col("policy.name")]
		if !ok {
			ts.Fatalf("the wizard finds no policy named %q", col("policy.name"))
		}
		l := licentricapi.License{Key: col("license.key"), PolicyID: pol.ID, ProductID: pol.ProductID, Status: license.Status(col("license.status")),
			UserEmail: licentricapi.Opt(col("customer.email")), UserName: licentricapi.Opt(col("customer.name")), Name: licentricapi.Opt(col("license.name")),
			ExpiresAt: licentricapi.Opt(col("license.expiresAt")), Metadata: json.RawMessage(col("license.metadata"))}
		if m := col("policy.maxMachines"); m != "" && (pol.MaxMachines == nil || strconv.FormatInt(*pol.MaxMachines, 10) != m) {
			n, err := strconv.Atoi(m)
			ts.Check(err)
			l.MaxMachinesOverride = &n
		}
		imp = append(imp, l)
	}
	answer, _, err := store.ImportLicenses(context.Background(), local.Import{Rows: imp, Answer: func(rs []local.ImportResult, created int) ([]byte, error) {
		for _, r := range rs {
			if r.Code != "" {
				return nil, fmt.Errorf("row %d: %s %s", r.Index, r.Code, r.Error)
			}
		}
		return []byte(strconv.Itoa(created)), nil
	}})
	ts.Check(err)
	ts.Logf("wizard imported %s licenses", answer)
}
