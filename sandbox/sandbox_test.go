package sandbox_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/sandbox"
)

type api struct {
	t   *testing.T
	url string
	key string
}

func start(t *testing.T, opts sandbox.Options) *api {
	store, err := local.Open(filepath.Join(t.TempDir(), "s.db"), "s.db")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sandbox.New(store, opts).Handler())
	t.Cleanup(func() { srv.Close(); store.Close() })
	return &api{t: t, url: srv.URL + "/api/v1", key: "lk_test_unit"}
}

func (a *api) do(method, path string, body any, header ...string) (*http.Response, map[string]any) {
	a.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, a.url+path, r)
	req.Header.Set("Authorization", "Bearer "+a.key)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp, out
}

// catalog creates a product and a policy and returns their ids.
func (a *api) catalog() (string, string) {
	_, p := a.do("POST", "/products", map[string]any{"code": "app", "name": "App"})
	productID := p["data"].(map[string]any)["id"].(string)
	_, y := a.do("POST", "/policies", map[string]any{"productId": productID, "name": "Pro", "maxMachines": 2})
	return productID, y["data"].(map[string]any)["id"].(string)
}

func TestAuth(t *testing.T) {
	a := start(t, sandbox.Options{})
	for key, want := range map[string]int{"lk_test_x": 200, "lk_live_x": 401, "nonsense": 401, "": 401} {
		a.key = key
		resp, body := a.do("GET", "/products", nil)
		if resp.StatusCode != want {
			t.Errorf("key %q: HTTP %d, want %d", key, resp.StatusCode, want)
		}
		if key == "lk_live_x" && !strings.Contains(body["error"].(string), "only lk_test_ keys") {
			t.Errorf("live key refusal does not say why: %v", body)
		}
	}
	b := start(t, sandbox.Options{APIKey: "lk_test_only"})
	b.key = "lk_test_other"
	if resp, _ := b.do("GET", "/products", nil); resp.StatusCode != 401 {
		t.Errorf("a different lk_test_ key than --api-key: HTTP %d", resp.StatusCode)
	}
}

func TestRateLimitHeaders(t *testing.T) {
	a := start(t, sandbox.Options{RateLimit: 3, Window: time.Minute})
	for i := 0; i < 3; i++ {
		resp, _ := a.do("GET", "/products", nil)
		if resp.StatusCode != 200 || resp.Header.Get("X-RateLimit-Limit") != "3" || resp.Header.Get("X-RateLimit-Remaining") != string(rune('2'-i)) || resp.Header.Get("X-RateLimit-Reset") == "" {
			t.Fatalf("request %d: %d %v", i, resp.StatusCode, resp.Header)
		}
	}
	resp, body := a.do("GET", "/products", nil)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" || body["code"] != "RATE_LIMITED" {
		t.Fatalf("over the limit: %d %v %v", resp.StatusCode, resp.Header, body)
	}
}

func TestImportIdempotencyAndLifecycle(t *testing.T) {
	a := start(t, sandbox.Options{})
	productID, policyID := a.catalog()
	rows := map[string]any{"licenses": []map[string]any{
		{"key": "K-1", "productId": productID, "policyId": policyID, "status": "active", "metadata": map[string]any{"licentricSync": map[string]any{"source": "s", "platform": "csv"}}},
		{"key": "k-1", "productId": productID, "policyId": policyID, "status": "revoked"},
		{"key": "K-1", "productId": productID, "policyId": policyID},
		{"key": "", "productId": productID, "policyId": policyID},
	}}
	_, first := a.do("POST", "/migrations/import", rows, "Idempotency-Key", "batch-1")
	resp, replay := a.do("POST", "/migrations/import", rows, "Idempotency-Key", "batch-1")
	if resp.Header.Get("Idempotent-Replayed") != "true" || !equalJSON(first, replay) {
		t.Fatalf("a replayed import must return the first answer: %v vs %v", first, replay)
	}
	results := first["data"].(map[string]any)["results"].([]any)
	if results[2].(map[string]any)["error"].(map[string]any)["code"] != "KEY_TAKEN" || results[3].(map[string]any)["error"] == nil {
		t.Fatalf("duplicate and empty keys must be refused per row: %v", results)
	}
	_, again := a.do("POST", "/migrations/import", rows, "Idempotency-Key", "batch-2")
	if again["data"].(map[string]any)["created"].(float64) != 0 {
		t.Fatalf("keys are unique: a second import created %v", again["data"])
	}
	_, list := a.do("GET", "/licenses?limit=1", nil)
	if list["pagination"].(map[string]any)["hasMore"] != true || len(list["data"].([]any)) != 1 {
		t.Fatalf("pagination: %v", list)
	}
	id := results[0].(map[string]any)["license"].(map[string]any)["id"].(string)
	revoked := results[1].(map[string]any)["license"].(map[string]any)["id"].(string)
	for _, step := range []struct {
		path string
		want int
	}{{"/licenses/" + id + "/suspend", 200}, {"/licenses/" + id + "/suspend", 409}, {"/licenses/" + id + "/reinstate", 200},
		{"/licenses/" + revoked + "/reinstate", 409}, {"/licenses/" + id + "/explode", 404}} {
		if resp, body := a.do("POST", step.path, nil); resp.StatusCode != step.want {
			t.Errorf("POST %s: %d %v, want %d", step.path, resp.StatusCode, body, step.want)
		}
	}
	if resp, _ := a.do("DELETE", "/licenses/"+id, nil); resp.StatusCode != 204 {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	if resp, _ := a.do("GET", "/licenses/"+id, nil); resp.StatusCode != 404 {
		t.Fatalf("a soft-deleted license must answer 404, got %d", resp.StatusCode)
	}
	_, v := a.do("POST", "/licenses/validate-key", map[string]any{"key": "k-1"})
	if d := v["data"].(map[string]any); d["code"] != "REVOKED" || d["valid"] != false {
		t.Fatalf("validate-key: %v", v)
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// TestConcurrentRevokeAndReinstate sends revoke and reinstate together for
// 150 suspended licenses. In either order the end is revoked (revoke
// first: reinstate is refused; reinstate first: active can be revoked);
// a license left active means both read "suspended" before either wrote.
func TestConcurrentRevokeAndReinstate(t *testing.T) {
	a := start(t, sandbox.Options{})
	productID, policyID := a.catalog()
	const n = 150
	var rows []map[string]any
	for i := 0; i < n; i++ {
		rows = append(rows, map[string]any{"key": fmt.Sprintf("RACE-%03d", i), "productId": productID, "policyId": policyID, "status": "suspended"})
	}
	_, out := a.do("POST", "/migrations/import", map[string]any{"licenses": rows})
	var wg sync.WaitGroup
	for _, r := range out["data"].(map[string]any)["results"].([]any) {
		id := r.(map[string]any)["license"].(map[string]any)["id"].(string)
		for _, action := range []string{"revoke", "reinstate"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				a.do("POST", "/licenses/"+id+"/"+action, nil)
			}()
		}
	}
	wg.Wait()
	_, list := a.do("GET", "/licenses?limit=100", nil)
	seen := 0
	for cursor := ""; ; {
		for _, l := range list["data"].([]any) {
			seen++
			if st := l.(map[string]any)["status"]; st != "revoked" {
				t.Errorf("license %v ended %v after revoke and reinstate raced; want revoked", l.(map[string]any)["id"], st)
			}
		}
		next, _ := list["pagination"].(map[string]any)["nextCursor"].(string)
		if next == "" || next == cursor {
			break
		}
		cursor = next
		_, list = a.do("GET", "/licenses?limit=100&cursor="+cursor, nil)
	}
	if seen != n {
		t.Fatalf("listed %d licenses, want %d", seen, n)
	}
}

// TestLicenseIDsAreExact refuses ids that only parse to a license's id.
func TestLicenseIDsAreExact(t *testing.T) {
	a := start(t, sandbox.Options{})
	productID, policyID := a.catalog()
	a.do("POST", "/migrations/import", map[string]any{"licenses": []map[string]any{{"key": "ID-1", "productId": productID, "policyId": policyID}}})
	if resp, _ := a.do("GET", "/licenses/1", nil); resp.StatusCode != 200 {
		t.Fatalf("license 1: HTTP %d", resp.StatusCode)
	}
	for _, id := range []string{"01", "%201", "1.0", "+1", "-1", "1e0"} {
		if resp, _ := a.do("GET", "/licenses/"+id, nil); resp.StatusCode != 404 {
			t.Errorf("GET /licenses/%s: HTTP %d, want 404", id, resp.StatusCode)
		}
	}
}

// raw sends a body as it is, with a content type.
func (a *api) raw(method, path, contentType string, body []byte) (int, string) {
	a.t.Helper()
	req, _ := http.NewRequest(method, a.url+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+a.key)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestRefusesWhatTheAPIWould: bodies and keys the real API's validation
// refuses are refused with the documented envelope, never stored altered.
func TestRefusesWhatTheAPIWould(t *testing.T) {
	a := start(t, sandbox.Options{})
	productID, policyID := a.catalog()
	row := func(key string) []byte {
		b, _ := json.Marshal(map[string]any{"licenses": []map[string]any{{"key": key, "productId": productID, "policyId": policyID}}})
		return b
	}
	for name, tc := range map[string]struct {
		ct     string
		body   []byte
		status int
		want   string
	}{
		"text/plain":       {"text/plain", row("K-1"), 415, "application/json"},
		"no content type":  {"", row("K-1"), 415, "application/json"},
		"invalid UTF-8":    {"application/json", append(row("K-")[:len(row("K-"))-40], []byte("\xff\xfe\"}]}")...), 400, "UTF-8"},
		"trailing garbage": {"application/json", append(row("K-2"), []byte(" {}")...), 400, "after its JSON value"},
		"null body":        {"application/json", []byte("null"), 400, "null"},
		"huge body":        {"application/json", bytes.Repeat([]byte(" "), sandbox.MaxBodyBytes+1), 413, "MiB"},
	} {
		t.Run(name, func(t *testing.T) {
			status, body := a.raw("POST", "/migrations/import", tc.ct, tc.body)
			if status != tc.status || !strings.Contains(body, tc.want) || !strings.Contains(body, `"code":"VALIDATION_ERROR"`) {
				t.Fatalf("HTTP %d %s; want %d with %q in the error envelope", status, body, tc.status, tc.want)
			}
		})
	}
	for name, key := range map[string]string{"NUL": "K-\x00-1", "whitespace only": "   ", "20 KiB": strings.Repeat("K", 20<<10), "newline": "K-1\n"} {
		t.Run("key "+name, func(t *testing.T) {
			status, body := a.raw("POST", "/migrations/import", "application/json", row(key))
			if status != 200 || !strings.Contains(body, `"code":"VALIDATION_ERROR"`) || strings.Contains(body, `"license"`) {
				t.Fatalf("a %s key was not refused per row: HTTP %d %s", name, status, body)
			}
		})
	}
}

// TestLimitsCannotBeDodged: 401 answers are limited and carry the headers;
// rotating lk_test_ keys share the client's limit when no --api-key is
// set; idle buckets are dropped, so a flood of clients does not grow
// memory without end.
func TestLimitsCannotBeDodged(t *testing.T) {
	a := start(t, sandbox.Options{RateLimit: 3, Window: time.Minute})
	a.key = "nonsense"
	for i := 0; i < 3; i++ {
		resp, _ := a.do("GET", "/products", nil)
		if resp.StatusCode != 401 || resp.Header.Get("X-RateLimit-Limit") != "3" {
			t.Fatalf("bad key, request %d: HTTP %d %v", i, resp.StatusCode, resp.Header)
		}
	}
	if resp, _ := a.do("GET", "/products", nil); resp.StatusCode != 429 {
		t.Fatalf("a fourth bad-key request: HTTP %d, want 429", resp.StatusCode)
	}
	b := start(t, sandbox.Options{RateLimit: 3, Window: time.Minute})
	for i := 0; i < 3; i++ {
		b.key = fmt.Sprintf("lk_test_rotating_%d", i)
		if resp, _ := b.do("GET", "/products", nil); resp.StatusCode != 200 {
			t.Fatalf("request %d: HTTP %d", i, resp.StatusCode)
		}
	}
	b.key = "lk_test_rotating_fresh"
	if resp, _ := b.do("GET", "/products", nil); resp.StatusCode != 429 {
		t.Fatalf("a fresh lk_test_ key dodged the limit: HTTP %d", resp.StatusCode)
	}
}

// TestIdleBucketsAreDropped: after a window, a server that saw thousands
// of clients holds no more than the sweep threshold of buckets.
func TestIdleBucketsAreDropped(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	store, err := local.Open(filepath.Join(t.TempDir(), "s.db"), "s.db")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	srv := sandbox.New(store, sandbox.Options{RateLimit: 120, Window: time.Minute, APIKey: "lk_test_k", Now: func() time.Time { return now }})
	h := srv.Handler()
	hit := func(ip string) {
		req := httptest.NewRequest("GET", "/api/v1/products", nil)
		req.RemoteAddr = ip + ":1234"
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	for i := 0; i < 5000; i++ {
		hit(fmt.Sprintf("10.0.%d.%d", i/250, i%250))
	}
	now = now.Add(2 * time.Minute)
	hit("10.9.9.9")
	if n := srv.Buckets(); n > 1100 {
		t.Fatalf("%d buckets held after every client went idle", n)
	}
}

// TestSlowBodiesAreCutOff: a client that sends headers and then trickles
// (or stops sending) its body loses the connection after ReadTimeout.
func TestSlowBodiesAreCutOff(t *testing.T) {
	store, err := local.Open(filepath.Join(t.TempDir(), "s.db"), "s.db")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	srv := sandbox.New(store, sandbox.Options{ReadTimeout: 300 * time.Millisecond}).HTTPServer()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/migrations/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer lk_test_x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"licenses\":")
	// The server closing the connection is the event waited for; the
	// deadline only keeps a server without a read timeout from hanging
	// the test, it is not a bound on how fast the cut comes.
	_ = conn.SetReadDeadline(time.Now().Add(time.Minute))
	_, err = io.ReadAll(conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatal("the server still held the stalled connection after a minute: it has no read timeout")
	}
}

// TestTierCaps: a sandbox run with a tier's caps refuses creates past the
// active-license cap per row, and requests past the monthly quota.
func TestTierCaps(t *testing.T) {
	store, err := local.Open(filepath.Join(t.TempDir(), "s.db"), "s.db")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	store.ActiveCap = 2
	srv := httptest.NewServer(sandbox.New(store, sandbox.Options{MonthlyRequests: 4}).Handler())
	defer srv.Close()
	a := &api{t: t, url: srv.URL + "/api/v1", key: "lk_test_caps"}
	productID, policyID := a.catalog() // 2 requests
	var rows []map[string]any
	for _, k := range []string{"C-1", "C-2", "C-3"} {
		rows = append(rows, map[string]any{"key": k, "productId": productID, "policyId": policyID})
	}
	_, out := a.do("POST", "/migrations/import", map[string]any{"licenses": rows}) // 3
	results := out["data"].(map[string]any)["results"].([]any)
	if e, _ := results[2].(map[string]any)["error"].(map[string]any); e == nil || e["code"] != "PLAN_LIMIT_REACHED" {
		t.Fatalf("the third license past a cap of 2: %v", results[2])
	}
	if resp, _ := a.do("GET", "/products", nil); resp.StatusCode != 200 { // 4
		t.Fatalf("the fourth request: HTTP %d", resp.StatusCode)
	}
	if resp, body := a.do("GET", "/products", nil); resp.StatusCode != 429 || body["code"] != "QUOTA_EXCEEDED" {
		t.Fatalf("past the monthly quota: HTTP %d %v", resp.StatusCode, body)
	}
}
