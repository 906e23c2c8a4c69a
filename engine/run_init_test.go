package engine

import (
	"os"
	"path/filepath"
	"testing"
)

// TestInitWritesNothingWhenTheConfigIsRefused: init writes the schema,
// the config and the .gitignore lines together or not at all, so a
// config path privfile refuses (a link to nothing, a folder) leaves no
// schema or .gitignore behind; a schema already there is kept as it was.
func TestInitWritesNothingWhenTheConfigIsRefused(t *testing.T) {
	for _, tc := range []struct {
		name   string
		config func(t *testing.T, dir string) string
		schema string // a schema already in dir, "" for none
	}{
		{"link to nothing", func(t *testing.T, dir string) string {
			out := filepath.Join(dir, "licentric.yaml")
			if err := os.Symlink(filepath.Join(dir, "elsewhere", "licentric.yaml"), out); err != nil {
				t.Fatal(err)
			}
			return out
		}, ""},
		{"link to nothing, schema kept", func(t *testing.T, dir string) string {
			out := filepath.Join(dir, "licentric.yaml")
			if err := os.Symlink(filepath.Join(dir, "gone.yaml"), out); err != nil {
				t.Fatal(err)
			}
			return out
		}, "{\"mine\": true}\n"},
		{"a folder", func(t *testing.T, dir string) string {
			out := filepath.Join(dir, "licentric.yaml")
			if err := os.Mkdir(out, 0o700); err != nil {
				t.Fatal(err)
			}
			return out
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out := tc.config(t, dir)
			schema := filepath.Join(dir, schemaFileName)
			if tc.schema != "" {
				write(t, schema, tc.schema)
			}
			if _, err := writeScaffold(out, []byte("version: 1\n")); err == nil {
				t.Fatal("writeScaffold wrote through a refused config path")
			}
			got, err := os.ReadFile(schema)
			switch {
			case tc.schema == "" && err == nil:
				t.Errorf("%s was left behind by a refused init", schemaFileName)
			case tc.schema != "" && string(got) != tc.schema:
				t.Errorf("the schema already there was replaced (%d bytes, err %v)", len(got), err)
			}
			if _, err := os.Lstat(filepath.Join(dir, ".gitignore")); err == nil {
				t.Error(".gitignore was written by a refused init")
			}
		})
	}
}
