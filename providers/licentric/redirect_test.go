package licentric_test

import (
	"context"
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/providers/httpx"
	"github.com/licentric/licentric-sync/providers/httpx/httpxtest"
	"github.com/licentric/licentric-sync/providers/targettest"
	"github.com/licentric/licentric-sync/sandbox"
)

// TestRedirectNeverCarriesTheKeyOrTheImport: the configured host answers
// 307 to another port on 127.0.0.1. The read and the creates (whose
// bodies hold keys and emails) stop at once with the reason, and the
// second server never sees the API key or a body.
func TestRedirectNeverCarriesTheKeyOrTheImport(t *testing.T) {
	w := httpxtest.NewWitness(t)
	r := &httpxtest.Redirector{Status: 307, To: w.URL}
	target := newTarget(t, httpxtest.Start(t, r)+"/api/v1")
	_, err := target.Current(context.Background())
	if !httpx.IsRedirect(err) || strings.Contains(err.Error(), testKey) {
		t.Fatalf("want the redirect refused without the key in the error, got %v", err)
	}
	if r.Asked() != 1 {
		t.Fatalf("a refused redirect was retried: %d requests", r.Asked())
	}
	_, _, fresh := startSandbox(t, sandbox.Options{})
	p := targettest.Plan(t, newTarget(t, fresh), desired(3), true)
	if err := target.Apply(context.Background(), p.Changes, nil); !httpx.IsRedirect(err) {
		t.Fatalf("apply through a redirect: want it refused, got %v", err)
	}
	if n := w.Leaks(); n != 0 {
		t.Fatalf("the other origin received the API key or a body %d times", n)
	}
}
