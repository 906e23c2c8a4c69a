package live_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/providers/live"
)

// TestDocumentReadsTheAccount: Document("") GETs the API base itself
// (Keygen's account) with the token, and refuses to ask the API when
// the source is read from a snapshot.
func TestDocumentReadsTheAccount(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.URL.Path+" "+r.Header.Get("Authorization"))
		w.Write([]byte(`{"data":{"type":"accounts","meta":{"keys":{}}}}`))
	}))
	t.Cleanup(srv.Close)
	_, pg := liveSource(t, "keygen", srv.URL+"/v1/accounts/acme", live.Options{})
	body, err := pg.Document(context.Background(), "")
	if err != nil || !strings.Contains(string(body), `"accounts"`) {
		t.Fatalf("Document: %q, %v", body, err)
	}
	if len(got) != 1 || got[0] != "/v1/accounts/acme Bearer "+token {
		t.Fatalf("requests %q: want one GET of the account with the token", got)
	}
	_, snap := liveSource(t, "keygen", srv.URL+"/v1/accounts/acme", live.Options{Snapshot: t.TempDir()})
	if _, err := snap.Document(context.Background(), ""); err == nil || len(got) != 1 {
		t.Fatalf("a snapshot source asked the API: %v, %d requests", err, len(got))
	}
}
