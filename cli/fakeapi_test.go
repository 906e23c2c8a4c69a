package cli_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/licentric/licentric-sync/providers/live/livefake"
	"github.com/licentric/licentric-sync/providers/registry"
)

// fakes are the fake platform APIs scripts started, by script and name,
// so fakeapi-edit can change one between commands.
var fakes sync.Map // *testscript.TestScript + name → *livefake.Server

type fakeKey struct {
	ts   *testscript.TestScript
	name string
}

// fakeapi NAME PLATFORM TOKEN (N | FILE [PRODUCTS]) serves a platform's
// list API on a free loopback port for the rest of the script, from N
// generated licenses or an export file in the API's shape, accepting
// only TOKEN; $NAME is set to its api.url.
func cmdFakeAPI(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 4 {
		ts.Fatalf("usage: fakeapi NAME PLATFORM TOKEN (N | FILE [PRODUCTS])")
	}
	name, platform, token := args[0], args[1], args[2]
	var s *livefake.Server
	if n, err := strconv.Atoi(args[3]); err == nil {
		s = livefake.Generate(fakeAPI(platform), token, n)
	} else {
		products := ""
		if len(args) > 4 {
			products = ts.MkAbs(args[4])
		}
		s, err = livefake.Load(fakeAPI(platform), token, ts.MkAbs(args[3]), products)
		ts.Check(err)
	}
	s.Now = atTestDate
	srv, url := s.Start()
	ts.Defer(srv.Close)
	fakes.Store(fakeKey{ts, name}, s)
	ts.Setenv(name, url)
}

// fakeapi-edit NAME INDEX OLD NEW changes license INDEX of a fake, as a
// sale or a support agent would on the old platform mid-migration.
func cmdFakeAPIEdit(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 4 {
		ts.Fatalf("usage: fakeapi-edit NAME INDEX OLD NEW")
	}
	s, i := fakeAndNumber(ts, args)
	s.Update(func() {
		old := string(s.Licenses[i])
		if !strings.Contains(old, args[2]) {
			ts.Fatalf("fakeapi-edit: %q not in license %d: %s", args[2], i, old)
		}
		s.Licenses[i] = []byte(strings.Replace(old, args[2], args[3], 1))
	})
}

// fakeapi-keep NAME N leaves a fake only its first N licenses, as a token
// for the wrong store or a platform outage that answers empty lists would.
func cmdFakeAPIKeep(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: fakeapi-keep NAME N")
	}
	s, n := fakeAndNumber(ts, args)
	s.Update(func() { s.Licenses = s.Licenses[:n] })
}

// fakeapi-fault NAME PATH FAULT makes every request to PATH fail with
// FAULT (500, 429, drop, …): one license's check failing, whatever the
// order of requests.
func cmdFakeAPIFault(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: fakeapi-fault NAME PATH FAULT")
	}
	s := fakeNamed(ts, args[0])
	s.Update(func() { s.PathFaults = map[string]livefake.Fault{args[1]: livefake.Fault(args[2])} })
}

// fakeapi-add NAME TYPE FILE serves each object of the JSON array in
// FILE as a resource of TYPE (by its "id") beside the fake's licenses: a
// bare-array platform's device list (Cryptlex's activations).
func cmdFakeAPIAdd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: fakeapi-add NAME TYPE FILE")
	}
	var items []json.RawMessage
	ts.Check(json.Unmarshal([]byte(ts.ReadFile(args[2])), &items))
	s := fakeNamed(ts, args[0])
	s.Update(func() {
		for _, it := range items {
			var r struct{ ID string }
			ts.Check(json.Unmarshal(it, &r))
			s.Included[args[1]+"/"+r.ID] = it
		}
	})
}

// fakeAndNumber is the fake named by args[0] and the number in args[1].
func fakeAndNumber(ts *testscript.TestScript, args []string) (*livefake.Server, int) {
	s := fakeNamed(ts, args[0])
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	return s, n
}

// fakeNamed is the fake a script started as name.
func fakeNamed(ts *testscript.TestScript, name string) *livefake.Server {
	v, ok := fakes.Load(fakeKey{ts, name})
	if !ok {
		ts.Fatalf("no fake API named %s: start it with fakeapi first", name)
	}
	return v.(*livefake.Server)
}

// fakeAPI is the fake of a platform's API, from its descriptor.
func fakeAPI(name string) *livefake.API { return registry.Default().Fake(name) }
