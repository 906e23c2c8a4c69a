package cli

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// cliImports are the only packages of this module that cli may import:
// the engine that runs each command and the view that shows it. Anything
// else (a provider, the mapping, the plan file) belongs behind engine.Run.
var cliImports = []string{"github.com/licentric/licentric-sync/engine", "github.com/licentric/licentric-sync/view"}

// TestImports: cli parses flags, builds a request, picks a view and maps
// errors to exit codes; an import of another internal package is a step
// of an operation that slipped back into the command line.
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		parsed, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range parsed.Imports {
			path := strings.Trim(imp.Path.Value, `"`)
			if strings.HasPrefix(path, "github.com/licentric/licentric-sync/") && !slices.Contains(cliImports, path) {
				t.Errorf("%s imports %s; cli may import only %s of this module (put the step in engine, the output in view)",
					fset.Position(imp.Pos()), path, strings.Join(cliImports, " and "))
			}
		}
	}
}
