package lemonsqueezy_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers/lemonsqueezy"
	"github.com/licentric/licentric-sync/providers/readertest"
)

// TestEventsGolden: saved webhook events on top of a license-keys page.
// events-applied: a key's newest event wins over an older one and over
// the export when newer (taking the order item's product and variant
// from the export), an event older than the export or equal to it
// changes nothing, a created key is added with its product named from
// the export (and one of a product the export lacks is warned), a
// resent webhook is the same state twice, and two states at one
// updated_at are no error when the export or a later event is newer.
// events-refused: another event name, broken JSON (line and column), two
// states at one updated_at that nothing newer decides, another store, a
// tie with the export that differs, another key for an id, and an event
// with no updated_at are each a row error at its file; nothing of them
// is applied.
func TestEventsGolden(t *testing.T) {
	for _, name := range []string{"events-applied", "events-refused"} {
		t.Run(name, func(t *testing.T) {
			dir, err := filepath.Abs(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			src := lemonsqueezy.New(config.Source{Name: "test", Platform: "lemonsqueezy",
				Glob: filepath.Join(dir, "base.json"), Events: filepath.Join(dir, "events")}, dir)
			readertest.MatchGolden(t, name, readertest.ReadSource(src))
		})
	}
}

// TestEventsEdges: what the goldens do not show. An export without
// updated_at (a CSV) cannot order an event of one of its keys; a file
// name with glob characters is read as that one file; no event file is
// no change; a saved body with a UTF-8 byte-order mark (saved on
// Windows) reads as without, its broken JSON located as without; an events: folder that does not exist (a
// mistyped path) is refused, not read as no event.
func TestEventsEdges(t *testing.T) {
	event := func(id, status string) string {
		return `{"meta":{"event_name":"license_key_updated"},"data":{"type":"license-keys","id":"` + id +
			`","attributes":{"store_id":1,"key":"k-` + id + `","status":"` + status + `","updated_at":"2026-11-02T00:00:00Z"}}}`
	}
	cases := []struct {
		name   string
		base   string
		events map[string]string
		want   []string // id=status of each record
		errs   []string
		// eventsAt is what events: names under the test's folder;
		// "events" (created) when empty.
		eventsAt string
		// folder is the folder the events are saved in; "events" when
		// empty.
		folder string
	}{
		{name: "csv export has no updated_at", base: "id,key,status\n1,k-1,active\n",
			events: map[string]string{"a.json": event("1", "disabled")},
			errs:   []string{"base.csv:2: updated_at is missing, so the saved event events/a.json cannot be ordered against this license"}},
		{name: "glob characters in a name", base: "id,key,status\n1,k-1,active\n",
			events: map[string]string{"[x]*.json": event("2", "disabled")}, want: []string{"1=active", "2=disabled"}},
		{name: "no event", base: "id,key,status\n1,k-1,active\n", events: map[string]string{}, want: []string{"1=active"}},
		{name: "a byte-order mark", base: "id,key,status,updated_at\n1,k-1,active,2026-11-01T00:00:00Z\n",
			events: map[string]string{"a.json": "\ufeff" + event("1", "disabled")}, want: []string{"1=disabled"}},
		{name: "broken JSON after a byte-order mark", base: "id,key,status\n1,k-1,active\n",
			events: map[string]string{"a.json": "\ufeff{\n" + `"meta": x}`}, want: []string{"1=active"}, errs: []string{"events/a.json:2: invalid JSON at column 9 "}},
		{name: "a folder that does not exist", base: "id,key,status\n1,k-1,active\n", eventsAt: "evnts",
			errs: []string{"evnts does not exist"}},
		{name: "a folder whose name holds glob characters", base: "id,key,status,updated_at\n1,k-1,active,2026-11-01T00:00:00Z\n",
			folder: "ev[1]*?", eventsAt: "ev[1]*?", events: map[string]string{"a[b].json": event("1", "disabled")}, want: []string{"1=disabled"}},
		{name: "a glob in a folder that does not exist", base: "id,key,status\n1,k-1,active\n", eventsAt: "evnts/*.json",
			errs: []string{"evnts does not exist"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "base.csv"), c.base)
			folder := c.folder
			if folder == "" {
				folder = "events"
			}
			if err := os.Mkdir(filepath.Join(dir, folder), 0o755); err != nil {
				t.Fatal(err)
			}
			for name, body := range c.events {
				write(t, filepath.Join(dir, folder, name), body)
			}
			at := c.eventsAt
			if at == "" {
				at = "events"
			}
			readWithEvents(t, dir, at, c.want, c.errs, func(r readertest.Record) string { return r.Fields["id"] + "=" + r.Fields["status"] })
		})
	}
}

// readWithEvents reads dir's base.csv with the events at eventsAt (under
// dir) on top, and checks each record (as show gives it) and each error
// (as a part of it).
func readWithEvents(t *testing.T, dir, eventsAt string, want, errs []string, show func(readertest.Record) string) {
	t.Helper()
	out := readertest.ReadSource(lemonsqueezy.New(config.Source{Name: "test", Platform: "lemonsqueezy",
		Glob: filepath.Join(dir, "base.csv"), Events: filepath.Join(dir, eventsAt)}, dir))
	var got []string
	for _, r := range out.Records {
		got = append(got, show(r))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	if len(out.Errors) != len(errs) {
		t.Fatalf("errors %q, want %d like %q", out.Errors, len(errs), errs)
	}
	for i, e := range errs {
		if !strings.Contains(out.Errors[i], e) {
			t.Errorf("error %q does not hold %q", out.Errors[i], e)
		}
	}
}

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestEventsStore: every event names its store, and store ids compare
// as whole numbers exactly: 1, 1.0 and 10e-1 are one store; ids past
// float precision that differ in their last digit are two; an event
// without a store id, or with one that is not a whole number, is a row
// error at its file (the first event included, so it cannot let any
// store's events in after it).
func TestEventsStore(t *testing.T) {
	event := func(id, store string) string {
		attrs := `"key":"k-` + id + `","status":"active","updated_at":"2026-11-02T00:00:00Z"`
		if store != "" {
			attrs = `"store_id":` + store + `,` + attrs
		}
		return `{"meta":{"event_name":"license_key_created"},"data":{"type":"license-keys","id":"` + id + `","attributes":{` + attrs + `}}}`
	}
	cases := []struct {
		name   string
		stores []string // of events a.json, b.json, … (ids 2, 3, …)
		want   []string
		errs   []string
	}{
		{name: "one store written three ways", stores: []string{"1", "1.0", "10e-1"}, want: []string{"1", "2", "3", "4"}},
		{name: "a first event without a store", stores: []string{"", "2"}, want: []string{"1", "3"},
			errs: []string{"events/a.json:1: data.attributes.store_id is missing"}},
		{name: "a later event without a store", stores: []string{"1", "null"}, want: []string{"1", "2"},
			errs: []string{"events/b.json:1: data.attributes.store_id is missing"}},
		{name: "a store id that is not whole", stores: []string{"1.5"}, want: []string{"1"},
			errs: []string{"events/a.json:1: data.attributes.store_id 1.5 is not a whole number"}},
		{name: "ids past float precision", stores: []string{"9007199254740993", "9007199254740992"}, want: []string{"1", "2"},
			errs: []string{"events/b.json:1: the event is of store 9007199254740992, the events before it of store 9007199254740993"}},
		{name: "a huge exponent", stores: []string{"1e999999999"}, want: []string{"1"},
			errs: []string{"events/a.json:1: data.attributes.store_id 1e999999999 is too long for a store id"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "base.csv"), "id,key,status\n1,k-1,active\n")
			if err := os.Mkdir(filepath.Join(dir, "events"), 0o755); err != nil {
				t.Fatal(err)
			}
			for i, store := range c.stores {
				write(t, filepath.Join(dir, "events", string(rune('a'+i))+".json"), event(string(rune('2'+i)), store))
			}
			readWithEvents(t, dir, "events", c.want, c.errs, func(r readertest.Record) string { return r.Fields["id"] })
		})
	}
}
