package action_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// comment is an issue comment as the GitHub REST API returns it (the
// fields the action reads).
type comment struct {
	ID                int64  `json:"id"`
	Body              string `json:"body"`
	AuthorAssociation string `json:"author_association"`
	User              struct {
		Login string `json:"login"`
	} `json:"user"`
}

// fakeGitHub is the part of GitHub the action talks to, on loopback: issue
// comments, the pull requests of a commit, workflow runs, and release
// downloads. It counts creates and edits so a test sees "created once,
// then updated in place".
type fakeGitHub struct {
	t        *testing.T
	mu       sync.Mutex
	comments map[int][]*comment // by pull request number
	nextID   int64
	posts    int
	patches  int
	pulls    map[string]string // commit sha -> JSON array of pull requests
	runs     map[string]int64  // head sha -> run id of the plan workflow
	assets   map[string][]byte // "tag/file" -> release asset
	srv      *httptest.Server
}

func newFakeGitHub(t *testing.T) *fakeGitHub {
	f := &fakeGitHub{t: t, comments: map[int][]*comment{}, nextID: 1000,
		pulls: map[string]string{}, runs: map[string]int64{}, assets: map[string][]byte{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /repos/acme/migration/issues/{n}/comments", f.listComments)
	mux.HandleFunc("POST /repos/acme/migration/issues/{n}/comments", f.createComment)
	mux.HandleFunc("PATCH /repos/acme/migration/issues/comments/{id}", f.editComment)
	mux.HandleFunc("GET /repos/acme/migration/commits/{sha}/pulls", f.commitPulls)
	mux.HandleFunc("GET /repos/acme/migration/actions/workflows/{wf}/runs", f.workflowRuns)
	mux.HandleFunc("GET /licentric/licentric-sync/releases/download/{tag}/{file}", f.asset)
	f.srv = httptest.NewServer(f.auth(mux))
	t.Cleanup(f.srv.Close)
	return f
}

// auth refuses API calls without the token, as GitHub does.
func (f *fakeGitHub) auth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/repos/") && r.Header.Get("Authorization") != "Bearer ghs_test" {
			http.Error(w, `{"message":"Bad credentials"}`, http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (f *fakeGitHub) listComments(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.PathValue("n"))
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	if page < 1 || per < 1 {
		page, per = 1, 30
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	all := f.comments[n]
	lo, hi := min((page-1)*per, len(all)), min(page*per, len(all))
	writeJSON(w, all[lo:hi])
}

func (f *fakeGitHub) createComment(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.PathValue("n"))
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.posts++
	c := f.add(n, body, "NONE", "github-actions[bot]")
	w.WriteHeader(http.StatusCreated)
	writeJSON(w, c)
}

// add stores a comment; the caller holds mu.
func (f *fakeGitHub) add(pr int, body, association, login string) *comment {
	f.nextID++
	c := &comment{ID: f.nextID, Body: body, AuthorAssociation: association}
	c.User.Login = login
	f.comments[pr] = append(f.comments[pr], c)
	return c
}

// addComment posts a comment as a person would.
func (f *fakeGitHub) addComment(pr int, body, association, login string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.add(pr, body, association, login)
}

func (f *fakeGitHub) editComment(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, cs := range f.comments {
		for _, c := range cs {
			if c.ID == id {
				f.patches++
				c.Body = body
				writeJSON(w, c)
				return
			}
		}
	}
	http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
}

// setPulls and setRun change what the fake answers, under its lock: the
// handlers run on the server's goroutines, and the race detector cannot
// see that a step's child process orders them after the test's writes.
func (f *fakeGitHub) setPulls(sha, body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pulls[sha] = body
}

func (f *fakeGitHub) setRun(sha string, id int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.runs[sha] = id
}

func (f *fakeGitHub) commitPulls(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if body, ok := f.pulls[r.PathValue("sha")]; ok {
		fmt.Fprint(w, body)
		return
	}
	fmt.Fprint(w, "[]")
}

func (f *fakeGitHub) workflowRuns(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if r.PathValue("wf") != "plan.yml" || q.Get("event") != "pull_request" || q.Get("status") != "completed" {
		writeJSON(w, map[string]any{"workflow_runs": []any{}})
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	runs := []any{}
	if id, ok := f.runs[q.Get("head_sha")]; ok {
		runs = append(runs, map[string]any{"id": id})
	}
	writeJSON(w, map[string]any{"workflow_runs": runs})
}

func (f *fakeGitHub) asset(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	data, ok := f.assets[r.PathValue("tag")+"/"+r.PathValue("file")]
	f.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Write(data)
}

// pr returns the comments of a pull request.
func (f *fakeGitHub) pr(n int) []comment {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []comment
	for _, c := range f.comments[n] {
		out = append(out, *c)
	}
	return out
}

// counts returns how many comments were created and edited.
func (f *fakeGitHub) counts() (posts, patches int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.posts, f.patches
}

// readBody reads a comment's {"body": …}, answering 422 as GitHub does
// when it is missing.
func readBody(w http.ResponseWriter, r *http.Request) (string, bool) {
	var in struct{ Body string }
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == "" {
		http.Error(w, `{"message":"body is required"}`, http.StatusUnprocessableEntity)
		return "", false
	}
	return in.Body, true
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
