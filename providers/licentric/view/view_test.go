package view

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func openTemp(t *testing.T) (*View, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), ".licentric", "view.db")
	v, err := Open(path, "view.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v, path
}

var (
	readAt = time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	a1     = License{ID: "id-1", Key: "SECRET-KEY-ONE", Object: []byte(`{"key":"SECRET-KEY-ONE","userEmail":"ann@example.com"}`)}
	a2     = License{ID: "id-2", Key: "SECRET-KEY-TWO", Object: []byte(`{"key":"SECRET-KEY-TWO"}`)}
)

func loadAll(t *testing.T, v *View) (products, policies []string, ls map[string]License) {
	t.Helper()
	ls = map[string]License{}
	err := v.Load(context.Background(),
		func(b []byte) error { products = append(products, string(b)); return nil },
		func(b []byte) error { policies = append(policies, string(b)); return nil },
		func(l License) error { ls[l.ID] = l; return nil })
	if err != nil {
		t.Fatal(err)
	}
	return products, policies, ls
}

// TestReplacePutRemove: a full read is kept whole with the account it is
// of, writes are recorded on top of it and counted, and the meta data
// says so.
func TestReplacePutRemove(t *testing.T) {
	ctx := context.Background()
	v, _ := openTemp(t)
	acct := v.Account("http://127.0.0.1/api/v1", "lk_test_x")
	err := v.Replace(ctx, acct, readAt, &Account{ID: "acc-1", Label: "account acc-1", Products: [][]byte{[]byte(`{"id":"p"}`)},
		Policies: [][]byte{[]byte(`{"id":"b"}`), []byte(`{"id":"a"}`)}, Licenses: []License{a1}})
	if err != nil {
		t.Fatal(err)
	}
	changed := License{ID: "id-1", Key: a1.Key, Object: []byte(`{"key":"SECRET-KEY-ONE","status":"suspended"}`)}
	if err := v.Put(ctx, changed, a2); err != nil {
		t.Fatal(err)
	}
	if err := v.Remove(ctx, a2.Key); err != nil {
		t.Fatal(err)
	}
	products, policies, ls := loadAll(t, v)
	want := map[string]License{"id-1": {ID: "id-1", Object: changed.Object}}
	if diff := cmp.Diff(want, ls); diff != "" {
		t.Errorf("licenses (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{`{"id":"b"}`, `{"id":"a"}`}, policies); diff != "" || len(products) != 1 {
		t.Errorf("catalog order lost: %v %v", products, policies)
	}
	m, err := v.Meta(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Meta{Account: acct, AccountID: "acc-1", AccountLabel: "account acc-1", ReadAt: readAt, Writes: 3, Licenses: 1}, m); diff != "" {
		t.Errorf("meta (-want +got):\n%s", diff)
	}
}

// TestInflightUntilAnswered: a row marked before its write is named by
// Inflight until the answer is recorded.
func TestInflightUntilAnswered(t *testing.T) {
	ctx := context.Background()
	v, _ := openTemp(t)
	if err := v.Replace(ctx, "acct", readAt, &Account{Licenses: []License{a1, a2}}); err != nil {
		t.Fatal(err)
	}
	if err := v.Begin(ctx, a2.Key); err != nil {
		t.Fatal(err)
	}
	got, err := v.Inflight(ctx)
	if err != nil || len(got) != 1 || got[0].ID != "id-2" {
		t.Fatalf("in flight after Begin: %v %v", got, err)
	}
	if err := v.Put(ctx, a2); err != nil {
		t.Fatal(err)
	}
	if got, _ := v.Inflight(ctx); len(got) != 0 {
		t.Fatalf("still in flight after the answer: %v", got)
	}
}

// TestNoKeyOrEmailInTheClear: the view's files hold neither a key nor an
// email, and are readable by their owner only; the secret is beside it.
func TestNoKeyOrEmailInTheClear(t *testing.T) {
	ctx := context.Background()
	v, path := openTemp(t)
	if err := v.Replace(ctx, "acct", readAt, &Account{Licenses: []License{a1, a2}}); err != nil {
		t.Fatal(err)
	}
	v.Close()
	for _, f := range []string{path, path + "-wal", path + ".key"} {
		b, err := os.ReadFile(f)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{"SECRET-KEY", "ann@example.com"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds %q in the clear", filepath.Base(f), secret)
			}
		}
		if st, _ := os.Stat(f); st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %#o, want 0600", filepath.Base(f), st.Mode().Perm())
		}
	}
}

// TestAnotherSecretCannotOpen: rows sealed under one secret are refused,
// with what to do, under another (a view copied without its key file).
func TestAnotherSecretCannotOpen(t *testing.T) {
	ctx := context.Background()
	v, path := openTemp(t)
	if err := v.Replace(ctx, "acct", readAt, &Account{Licenses: []License{a1}}); err != nil {
		t.Fatal(err)
	}
	v.Close()
	if err := os.Remove(path + ".key"); err != nil {
		t.Fatal(err)
	}
	w, err := Open(path, "view.db")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	err = w.Load(ctx, func([]byte) error { return nil }, func([]byte) error { return nil }, func(License) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "delete both") {
		t.Fatalf("a row under another secret must be refused with a way out, got %v", err)
	}
	if _, ok, _ := w.Get(ctx, a1.Key); ok {
		t.Fatal("another secret's digest must not find the row")
	}
}

// TestMonthlyRequests adds up within a month and starts again in the next.
func TestMonthlyRequests(t *testing.T) {
	ctx := context.Background()
	v, _ := openTemp(t)
	for _, c := range []struct {
		n    int64
		at   time.Time
		want int
	}{{5, readAt, 5}, {7, readAt.Add(time.Hour), 12}, {3, readAt.AddDate(0, 1, 0), 3}} {
		if err := v.AddRequests(ctx, c.n, c.at); err != nil {
			t.Fatal(err)
		}
		m, _ := v.Meta(ctx)
		if m.MonthRequests != c.want || m.Month != c.at.Format("2006-01") {
			t.Errorf("after %d at %s: %d in %s, want %d", c.n, c.at, m.MonthRequests, m.Month, c.want)
		}
	}
}

// TestAnotherAccountStartsTheMonthAgain: a full read of another account
// (refresh --ack after a key change) does not carry the old account's
// monthly request total; a read of the same account keeps it.
func TestAnotherAccountStartsTheMonthAgain(t *testing.T) {
	ctx := context.Background()
	v, _ := openTemp(t)
	for _, c := range []struct {
		id   string
		want int
	}{{"acct-1", 5}, {"acct-1", 5}, {"acct-2", 0}, {"", 5}} {
		if err := v.AddRequests(ctx, 5, readAt); err != nil {
			t.Fatal(err)
		}
		if err := v.Replace(ctx, "digest", readAt, &Account{ID: c.id}); err != nil {
			t.Fatal(err)
		}
		m, _ := v.Meta(ctx)
		if c.want == 0 && m.MonthRequests != 0 {
			t.Errorf("read of %q: month total %d, want a fresh 0", c.id, m.MonthRequests)
		}
		if c.want != 0 && m.MonthRequests == 0 {
			t.Errorf("read of %q: month total reset, want it kept", c.id)
		}
	}
}

// TestAnotherKeyWithoutIDStartsTheMonthAgain: a full read made with
// other credentials whose products show no account id (a fresh live
// account after the test account, kept with refresh --ack) is another
// account as far as anyone can tell: its total starts from zero. Other
// credentials reaching the view's account id (a rotated key) keep it.
func TestAnotherKeyWithoutIDStartsTheMonthAgain(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name, firstID, digest, id string
		kept                      bool
	}{
		{"rotated key, same account id", "acct-1", "digest-2", "acct-1", true},
		{"another key, no account id", "acct-1", "digest-2", "", false},
		{"another key, neither read has an id", "", "digest-2", "", false},
		{"same key, no account id", "acct-1", "digest-1", "", true},
	} {
		v, _ := openTemp(t)
		if err := v.Replace(ctx, "digest-1", readAt, &Account{ID: c.firstID}); err != nil {
			t.Fatal(err)
		}
		if err := v.AddRequests(ctx, 5, readAt); err != nil {
			t.Fatal(err)
		}
		if err := v.Replace(ctx, c.digest, readAt, &Account{ID: c.id}); err != nil {
			t.Fatal(err)
		}
		if m, _ := v.Meta(ctx); (m.MonthRequests == 5) != c.kept {
			t.Errorf("%s: month total %d, want kept: %v", c.name, m.MonthRequests, c.kept)
		}
	}
}
