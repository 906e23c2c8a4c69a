package live_test

import (
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/providers/httpx/httpxtest"
	"github.com/licentric/licentric-sync/providers/live"
)

// TestRedirectKeepsTheToken: the configured API answers 307 to another
// port of the same host. The read fails at once saying why, and the
// token never reaches the other server.
func TestRedirectKeepsTheToken(t *testing.T) {
	w := httpxtest.NewWitness(t)
	r := &httpxtest.Redirector{Status: 307, To: w.URL}
	src, _ := liveSource(t, "cryptlex", httpxtest.Start(t, r)+"/v3", live.Options{})
	all := strings.Join(readAll(t, src).Errs, "\n")
	if !strings.Contains(all, "refused to follow the server's redirect") || strings.Contains(all, token) {
		t.Fatalf("errors %q: want the refused redirect named, without the token", all)
	}
	if w.Leaks() != 0 || r.Asked() != 1 {
		t.Fatalf("token seen %d times by the other port; %d requests to the first (want 1, no retry)", w.Leaks(), r.Asked())
	}
}
