package licentric_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers/targettest"
	"github.com/licentric/licentric-sync/sandbox"
)

// faultProxy stands between client and sandbox on a real socket and, by
// request number, answers 429 with Retry-After, answers 503, drops the
// connection before forwarding, forwards a write and then drops the
// answer (the write happened, the client never hears), or delays.
type faultProxy struct {
	mu     sync.Mutex
	n      int
	counts map[string]int
	next   http.Handler
	// A delayed request is held until another has been answered
	// (answered moves on) or every request in flight is held: concurrent
	// answers are reordered on events, not on the clock.
	changed        *sync.Cond
	inflight, held int
	answered       int
	// streak counts the faults in a row each request (method and path)
	// met: with concurrent workers the global schedule could otherwise
	// fail one request more times than the client retries, by chance.
	streak map[string]int
}

// maxStreak is how many faults in a row one request may meet, well
// under the client's retries.
const maxStreak = 3

func (f *faultProxy) fault(req string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	if f.streak == nil {
		f.streak = map[string]int{}
	}
	kind := f.schedule()
	if kind == "" || kind == "delay" || f.streak[req] >= maxStreak {
		delete(f.streak, req)
		if kind != "delay" {
			kind = ""
		}
		return kind
	}
	f.streak[req]++
	return kind
}

func (f *faultProxy) schedule() string {
	switch {
	case f.n%41 == 4:
		return "429"
	case f.n%7 == 3:
		return "503"
	case f.n%11 == 5:
		return "drop"
	case f.n%6 == 2:
		return "lose-answer"
	case f.n%5 == 1:
		return "delay"
	}
	return ""
}

// newFaultProxy puts the fault schedule in front of next.
func newFaultProxy(next http.Handler) *faultProxy {
	f := &faultProxy{counts: map[string]int{}, next: next}
	f.changed = sync.NewCond(&f.mu)
	return f
}

// hold keeps a delayed request back until a request is answered after
// it, or until no request in flight is left to answer first.
func (f *faultProxy) hold() {
	f.mu.Lock()
	defer f.mu.Unlock()
	seen := f.answered
	f.held++
	f.changed.Broadcast()
	for f.answered == seen && f.held < f.inflight {
		f.changed.Wait()
	}
	f.held--
}

func (f *faultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	kind := f.fault(r.Method + " " + r.URL.Path)
	f.mu.Lock()
	f.counts[kind]++
	f.inflight++
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inflight--
		f.answered++
		f.changed.Broadcast()
		f.mu.Unlock()
	}()
	switch kind {
	case "429":
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, `{"error":"Rate limit exceeded. Retry after 1 seconds.","code":"RATE_LIMITED","status":429}`)
	case "503":
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, `{"error":"maintenance","code":"UNAVAILABLE","requestId":"01J8X3"}`)
	case "drop":
		hijackClose(w)
	case "lose-answer":
		rec := httptest.NewRecorder()
		f.next.ServeHTTP(rec, r) // the write reaches the store …
		hijackClose(w)           // … and its answer is lost
	case "delay":
		f.hold() // answered after another, as a slow request would be
		f.next.ServeHTTP(w, r)
	default:
		f.next.ServeHTTP(w, r)
	}
}

func hijackClose(w http.ResponseWriter) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		conn.Close()
	}
}

// TestFaultsConverge applies creates, updates, status changes and deletes
// through the fault proxy: apply still converges, every license exists
// exactly once, and a re-plan (read directly from the sandbox) is empty.
func TestFaultsConverge(t *testing.T) {
	store, _, direct := startSandbox(t, sandbox.Options{})
	u, _ := url.Parse(direct)
	proxy := newFaultProxy(httputil.NewSingleHostReverseProxy(&url.URL{Scheme: u.Scheme, Host: u.Host}))
	ps := httptest.NewServer(proxy)
	defer ps.Close()
	flaky := newTarget(t, ps.URL+"/api/v1")
	clean := newTarget(t, direct)

	d := desired(1200) // three import batches
	steps := []func(){
		func() {},
		func() { // updates and status changes
			for i := range d.Licenses {
				if i%50 >= 4 {
					continue
				}
				switch i % 50 {
				case 0:
					d.Licenses[i].Status = license.Active
				case 1:
					d.Licenses[i].UserEmail = "changed@example.com"
				case 2:
					d.Licenses[i].Status = license.Suspended
				}
			}
		},
		func() { d.Licenses = d.Licenses[:1160] }, // prune 40
	}
	for i, step := range steps {
		step()
		t0 := time.Now()
		p := targettest.Plan(t, flaky, d, true)
		if err := flaky.Apply(context.Background(), p.Changes, nil); err != nil {
			t.Fatalf("step %d: apply through faults: %v", i, err)
		}
		t.Logf("step %d: %d changes in %s", i, len(p.Changes), time.Since(t0))
		if again := targettest.Plan(t, clean, d, true); !again.Empty() {
			t.Fatalf("step %d: re-plan after a faulty apply shows %d changes, first %+v", i, len(again.Changes), again.Changes[0])
		}
	}
	snap := targettest.Read(t, store)
	seen := map[license.Key]bool{}
	for _, l := range snap.Licenses {
		if seen[l.Key] {
			t.Fatalf("license %s exists twice", l.Key.Ref())
		}
		seen[l.Key] = true
	}
	if len(seen) != 1160 {
		t.Fatalf("%d licenses, want 1160", len(seen))
	}
	t.Logf("faults: %v", proxy.counts)
	for _, kind := range []string{"429", "503", "drop", "lose-answer", "delay"} {
		if proxy.counts[kind] == 0 {
			t.Errorf("fault %q never happened; the test proves less than it claims", kind)
		}
	}
}
