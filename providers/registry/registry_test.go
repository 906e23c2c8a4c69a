package registry_test

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/registry"
	"github.com/licentric/licentric-sync/schemas"
)

var update = flag.Bool("update", false, "rewrite the schema's platform enum and the docs' platform tables from the registry")

// TestRegistryHolds: every platform has a name, a title, folded status
// words, and a reader that says it is that platform.
func TestRegistryHolds(t *testing.T) {
	reg := registry.Default()
	if err := reg.Check(); err != nil {
		t.Fatal(err)
	}
	for _, p := range reg {
		src := p.New(config.Source{Name: "s", Platform: p.Name}, t.TempDir())
		if src.Platform() != p.Name {
			t.Errorf("%s: its reader says %s", p.Name, src.Platform())
		}
	}
	if err := append(reg, reg[0]).Check(); err == nil {
		t.Error("a platform registered twice passed the check")
	}
}

// TestSchemaPlatformEnum: the published config schema lists exactly the
// registry's platforms (go test -update rewrites it when one is added).
func TestSchemaPlatformEnum(t *testing.T) {
	names := registry.Default().Names()
	if *update {
		text, err := schemas.WithPlatforms(schemas.ConfigJSON, names)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, "schemas/config.schema.json", text)
		return
	}
	got, err := schemas.ConfigPlatforms()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(names, got); diff != "" {
		t.Errorf("config.schema.json's platform enum (-registry +schema), run go test ./providers/registry -update:\n%s", diff)
	}
}

// TestDocsPlatformTables: docs/config.md's platform list and
// docs/mapping.md's status table are the registry's (-update rewrites
// them).
func TestDocsPlatformTables(t *testing.T) {
	reg := registry.Default()
	for _, tc := range []struct {
		file, head string
		body       string
	}{
		{"docs/config.md", "| `platform` | yes | ", platformList(reg) + " |\n"},
		{"docs/mapping.md", "| platform | word → status |\n|---|---|\n", statusTable(reg)},
	} {
		text := readFile(t, tc.file)
		start := strings.Index(text, tc.head)
		if start < 0 {
			t.Fatalf("%s: no %q to put the registry's table after", tc.file, tc.head)
		}
		start += len(tc.head)
		end := start + strings.Index(text[start:], "\n")
		if strings.HasPrefix(tc.head, "| platform |") {
			end = start + strings.Index(text[start:], "\n\n")
		}
		end++
		if *update {
			writeFile(t, tc.file, []byte(text[:start]+tc.body+text[end:]))
			continue
		}
		if diff := cmp.Diff(tc.body, text[start:end]); diff != "" {
			t.Errorf("%s (-registry +doc), run go test ./providers/registry -update:\n%s", tc.file, diff)
		}
	}
}

// platformList is "`a`, `b` or `c` (note)".
func platformList(reg platform.Registry) string {
	var items []string
	for _, p := range reg {
		item := "`" + p.Name + "`"
		if p.Docs.Note != "" {
			item += " (" + p.Docs.Note + ")"
		}
		items = append(items, item)
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// statusTable is one row per platform: its words by the status they
// mean, with their notes, then the platform's closing note.
func statusTable(reg platform.Registry) string {
	order := []license.Status{license.Active, license.Expired, license.Suspended, license.Revoked, license.Banned}
	var b strings.Builder
	for _, p := range reg {
		var groups []string
		for _, st := range order {
			var words []string
			for _, w := range slices.Sorted(maps.Keys(p.Statuses)) {
				if p.Statuses[w] == st {
					if note := p.Docs.StatusNotes[w]; note != "" {
						w += "` (" + note + ")"
					} else {
						w += "`"
					}
					words = append(words, "`"+w)
				}
			}
			if len(words) > 0 {
				groups = append(groups, strings.Join(words, ", ")+" → "+string(st))
			}
		}
		if p.Docs.StatusTail != "" {
			groups = append(groups, p.Docs.StatusTail)
		}
		fmt.Fprintf(&b, "| %s | %s |\n", p.Name, strings.Join(groups, "; "))
	}
	return b.String()
}

func readFile(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t *testing.T, rel string, b []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(root, rel), b, 0o644); err != nil {
		t.Fatal(err)
	}
}
