package tabular

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/readertest"
	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
)

// joinOwners is a small platform reader for the fuzz target: licenses
// with their key and their included owner's email.
func joinOwners(ls *Licenses, out Output) error {
	return ls.Each("licenses", func(l *License) {
		r := &providers.Record{File: ls.File(), Line: l.Line}
		var attrs struct {
			Key Cell `json:"key"`
		}
		if err := l.Decode(&attrs); err != nil {
			out.Reject(l.Line, err)
			return
		}
		r.Put(providers.FKey, attrs.Key.Text)
		if ref, ok, _ := l.Related("owner"); ok {
			var owner struct {
				Email Cell `json:"email"`
			}
			if found := l.Resolve(ref, &owner); found {
				r.Put(providers.FEmail, owner.Email.Text)
			} else {
				out.Missing("owner", license.Position(ls.File(), l.Line))
			}
		}
		out.Emit(r)
	})
}

// fuzzDump builds a JSON:API dump from fuzz bytes: each byte is one
// license whose bits choose a broken id, a missing or duplicated owner,
// and an escaped key.
func fuzzDump(plan []byte) string {
	var data, inc []string
	for i, b := range plan {
		id := fmt.Sprintf(`"l%d"`, i)
		if b&1 != 0 && b&2 != 0 && b&4 != 0 {
			id = "7" // cannot be read: the read of this file stops here
		}
		key := fmt.Sprintf("K-%d", i)
		if b&8 != 0 {
			key = fmt.Sprintf(`K\u00e9-%d`, i)
		}
		if b&8 != 0 && b&64 != 0 {
			key = fmt.Sprintf(`K\ud800-%d`, i) // a lone surrogate: kept as bytes that are not UTF-8
		}
		data = append(data, fmt.Sprintf(`{"id":%s,"type":"licenses","attributes":{"key":"%s"},"relationships":{"owner":{"data":{"type":"users","id":"u%d"}}}}`,
			id, key, int(b>>4)))
		if b&16 == 0 {
			inc = append(inc, fmt.Sprintf(`{"id":"u%d","type":"users","attributes":{"email":"u%d-%d@example.com"}}`, int(b>>4), i, b))
		}
	}
	return "{\"data\":[\n" + strings.Join(data, ",\n") + "\n],\"included\":[\n" + strings.Join(inc, ",\n") + "\n]}\n"
}

func readFuzz(path string) readertest.Stream {
	return readertest.Collect(NewSource(config.Source{Name: "s", Glob: path}, filepath.Dir(path), Spec{JSON: joinOwners,
		MissingHint: func(rel string, n int, first []string, _ bool) string { return fmt.Sprintf("%d %s %v", n, rel, first) }}), path)
}

// FuzzChunkedMatchesWhole holds the chunked, multi-core read of a
// streamed JSON:API dump equal to reading the same dump whole in memory
// (a UTF-16 copy is never streamed): records, lines, errors, warnings.
func FuzzChunkedMatchesWhole(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, uint8(1))
	f.Add([]byte{16, 32, 7, 48, 0, 16}, uint8(2))
	f.Add([]byte(strings.Repeat("\x00\x10\x20\x08", 20)), uint8(3))
	f.Add([]byte{72, 8, 0, 200, 64}, uint8(2))
	f.Fuzz(func(t *testing.T, plan []byte, chunk uint8) {
		if len(plan) > 300 {
			plan = plan[:300]
		}
		defer func(old int) { jsonindex.ChunkItems = old }(jsonindex.ChunkItems)
		jsonindex.ChunkItems = 1 + int(chunk)%7
		dir := t.TempDir()
		text := fuzzDump(plan)
		plain, wide := filepath.Join(dir, "plain.json"), filepath.Join(dir, "wide.json")
		if os.WriteFile(plain, []byte(text), 0o600) != nil || os.WriteFile(wide, readertest.UTF16(text), 0o600) != nil {
			t.Fatal("write")
		}
		if diff := cmp.Diff(readFuzz(wide), readFuzz(plain)); diff != "" {
			t.Fatalf("chunked read differs from reading whole (-whole +chunked):\n%s", diff)
		}
	})
}
