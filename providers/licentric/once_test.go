package licentric_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/providers/targettest"
	"github.com/licentric/licentric-sync/sandbox"
)

// dropFirst drops the answer of the first request to each of paths
// (after the sandbox has acted on it).
func dropFirst(paths ...string) func(*http.Request) bool {
	var mu sync.Mutex
	seen := map[string]bool{}
	return func(r *http.Request) bool {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range paths {
			if r.Method == "POST" && strings.HasSuffix(r.URL.Path, p) && !seen[p] {
				seen[p] = true
				return true
			}
		}
		return false
	}
}

// policyCopies counts the store's policies per config id.
func policyCopies(t *testing.T, store *local.Store) map[string]int {
	t.Helper()
	ps, err := store.ListPolicies(context.Background(), "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, p := range ps {
		n[p.ConfigID]++
	}
	return n
}

// TestLostAnswerCreatesOnce: the sandbox commits the first product,
// policy and import and drops each answer. The apply looks before it
// sends again, so every policy exists once, the re-plan is empty, and
// the run counts all its creates as its own.
func TestLostAnswerCreatesOnce(t *testing.T) {
	store, _, url := startSandbox(t, sandbox.Options{DropAnswer: dropFirst("/products", "/policies", "/migrations/import")})
	target := newTarget(t, url)
	d := desired(30)
	p := targettest.Plan(t, target, d, true)
	if err := target.Apply(context.Background(), p.Changes, nil); err != nil {
		t.Fatal(err)
	}
	for id, n := range policyCopies(t, store) {
		if n != 1 {
			t.Errorf("policy %s exists %d times after a lost answer", id, n)
		}
	}
	if again := targettest.Plan(t, target, d, true); !again.Empty() {
		t.Fatalf("re-plan shows %d changes", len(again.Changes))
	}
	if c, del := target.AlreadyDone(); c != 0 || del != 0 {
		t.Fatalf("this run made every create, yet %d creates and %d deletes count as another run's", c, del)
	}
}

// TestConcurrentAppliesCreateOnce: six applies of one plan at once
// against one account leave one copy of each policy, and together
// report each create once.
func TestConcurrentAppliesCreateOnce(t *testing.T) {
	store, _, url := startSandbox(t, sandbox.Options{})
	d := desired(40)
	p := targettest.Plan(t, newTarget(t, url), d, true)
	const runs = 6
	var wg sync.WaitGroup
	errs := make([]error, runs)
	done := make([]int, runs)
	for i := range runs {
		target := newTarget(t, url)
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = target.Apply(context.Background(), p.Changes, nil)
			done[i], _ = target.AlreadyDone()
		}()
	}
	wg.Wait()
	reported := 0
	for i := range runs {
		if errs[i] != nil {
			t.Fatalf("apply %d: %v", i, errs[i])
		}
		reported += p.Summary.Create - done[i]
	}
	for id, n := range policyCopies(t, store) {
		if n != 1 {
			t.Errorf("policy %s exists %d times after %d concurrent applies", id, n, runs)
		}
	}
	if reported != p.Summary.Create {
		t.Errorf("the runs reported %d creates between them; %d were made", reported, p.Summary.Create)
	}
	if again := targettest.Plan(t, newTarget(t, url), d, true); !again.Empty() {
		t.Fatalf("re-plan shows %d changes", len(again.Changes))
	}
}

// TestPlanNamesDuplicatePolicies: copies of one policy made before this
// fix (or by a race no client can close) are named in the plan.
func TestPlanNamesDuplicatePolicies(t *testing.T) {
	store, _, url := startSandbox(t, sandbox.Options{})
	target := newTarget(t, url)
	d := desired(3)
	targettest.Converge(t, target, d, true)
	ps, err := store.ListPolicies(context.Background(), "", 10)
	if err != nil || len(ps) == 0 {
		t.Fatal(ps, err)
	}
	copyOf := ps[0]
	extra, err := store.CreatePolicy(context.Background(), copyOf)
	if err != nil {
		t.Fatal(err)
	}
	p := targettest.Plan(t, newTarget(t, url), d, true)
	var found []string
	for _, dg := range p.Diagnostics {
		if dg.Severity == plan.Warning && strings.Contains(dg.Message, "copies of it") {
			found = append(found, dg.Message)
		}
	}
	if len(found) != 1 || !strings.Contains(found[0], copyOf.ID) || !strings.Contains(found[0], extra.ID) ||
		!strings.Contains(found[0], "uses the oldest, "+copyOf.ID) {
		t.Fatalf("diagnostics %q: want one naming %s (in use) and %s", found, copyOf.ID, extra.ID)
	}
	if !p.Empty() {
		t.Fatalf("a duplicate must not change the plan: %d changes", len(p.Changes))
	}
}
