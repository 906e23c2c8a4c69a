// Package readertest runs source readers over files in testdata/ and
// compares the canonical records they produce with golden JSON files, and
// provides the fuzz harness every reader shares: no input may panic.
package readertest

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers"
)

var update = flag.Bool("update", false, "rewrite golden files")

// Record is one record as the golden files show it.
type Record struct {
	Line   int               `json:"line"`
	Fields map[string]string `json:"fields"`
}

// Output is everything a reader produced for one input.
type Output struct {
	Report  *providers.ReadReport `json:"report"`
	Records []Record              `json:"records"`
	Errors  []string              `json:"errors,omitempty"`
}

// Read runs a reader over one file and collects its output.
func Read(ctor providers.SourceConstructor, platform, path string, columns map[string]string) Output {
	abs, _ := filepath.Abs(path)
	return ReadSource(ctor(config.Source{Name: "test", Platform: platform, Glob: abs, Columns: columns}, filepath.Dir(abs)))
}

// ReadSource reads src to the end and collects its output.
func ReadSource(src providers.Source) Output {
	var out Output
	for r, err := range src.Records(context.Background()) {
		if err != nil {
			out.Errors = append(out.Errors, err.Error())
			continue
		}
		rec := Record{Line: r.Line, Fields: map[string]string{}}
		for f := providers.Field(0); f < providers.NumFields; f++ {
			if v, ok := r.Get(f); ok {
				rec.Fields[f.String()] = v
			}
		}
		out.Records = append(out.Records, rec)
	}
	out.Report = src.Report()
	return out
}

// Golden compares a reader's output for testdata/<name> with
// testdata/<name>.golden.json; -update rewrites it.
func Golden(t *testing.T, ctor providers.SourceConstructor, platform, name string) Output {
	t.Helper()
	out := Read(ctor, platform, filepath.Join("testdata", name), nil)
	MatchGolden(t, name, out)
	return out
}

// MatchGolden compares v, as indented JSON, with
// testdata/<name>.golden.json; -update rewrites it.
func MatchGolden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Fatalf("%s: output differs from %s (-want +got; go test -update accepts it):\n%s", name, path, diff)
	}
}

// Fuzz feeds arbitrary bytes to a reader as a file; it must never panic,
// and every error must name the file. The seed corpus is every file in
// testdata/ (not the golden outputs), so it runs in the normal suite.
func Fuzz(f *testing.F, ctor providers.SourceConstructor, platform string) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, s := range seeds {
		if strings.HasSuffix(s, ".golden.json") || isDir(s) {
			continue
		}
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("key\n\"unterminated"))
	f.Add([]byte(`{"data": [{"type": "licenses", "attributes": null}]}`))
	f.Add([]byte{0xff, 0xfe, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "export.dat")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out := Read(ctor, platform, path, nil)
		for _, e := range out.Errors {
			if !strings.Contains(e, "export.dat") {
				t.Fatalf("error does not name the file: %s", e)
			}
		}
	})
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
