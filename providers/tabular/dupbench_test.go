package tabular

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"

	"github.com/licentric/licentric-sync/config"
)

// dupOwnersDump is a JSON:API dump of n licenses whose owners are each
// included twice (a dump assembled from overlapping pages), as UTF-8
// (streamed) or UTF-16 (read whole).
func dupOwnersDump(b testing.TB, n int, utf16 bool) string {
	var s strings.Builder
	s.WriteString(`{"data": [`)
	for i := range n {
		if i > 0 {
			s.WriteString(",\n")
		}
		fmt.Fprintf(&s, `{"type":"licenses","id":"%d","attributes":{"key":"K-%d"},"relationships":{"owner":{"data":{"type":"users","id":"u%d"}}}}`, i, i, i)
	}
	s.WriteString("],\n\"included\": [")
	for i := range 2 * n {
		if i > 0 {
			s.WriteString(",\n")
		}
		fmt.Fprintf(&s, `{"type":"users","id":"u%d","attributes":{"email":"u%d@example.com"}}`, i/2, i)
	}
	s.WriteString("]}\n")
	data := []byte(s.String())
	if utf16 {
		var err error
		if data, err = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(data); err != nil {
			b.Fatal(err)
		}
	}
	path := filepath.Join(b.TempDir(), "dump.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkDuplicatedOwners reads dumps whose owners are all included
// twice: the time per license must stay flat from 10k to 40k licenses
// (a resource indexed again once cost a search of all before it).
func BenchmarkDuplicatedOwners(b *testing.B) {
	for _, enc := range []string{"utf8", "utf16"} {
		for _, n := range []int{10_000, 40_000} {
			path := dupOwnersDump(b, n, enc == "utf16")
			b.Run(fmt.Sprintf("%s/%d", enc, n), func(b *testing.B) {
				for b.Loop() {
					s := NewSource(config.Source{Name: "s", Glob: path}, filepath.Dir(path), Spec{JSON: joinOwners})
					rows := 0
					for _, err := range s.Records(b.Context()) {
						if err != nil {
							b.Fatal(err)
						}
						rows++
					}
					if rows != n {
						b.Fatalf("%d rows, want %d", rows, n)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/license")
			})
		}
	}
}
