package registry_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/registry"
)

// root is the module's directory, from this package's.
const root = "../.."

// laterPhase are the places that name platforms by design: bench
// drives one platform's exports; targettest and readertest are test
// support whose fixtures are one platform's.
var laterPhase = []string{"bench/", "providers/targettest/", "providers/readertest/"}

// TestNoPlatformNamedOutsideItsPackage: outside a platform's package and
// the registry file, no Go code (comments and tests aside) names a
// platform, so a platform's facts cannot drift into a second place.
func TestNoPlatformNamedOutsideItsPackage(t *testing.T) {
	own, err := platformDirs()
	if err != nil {
		t.Fatal(err)
	}
	reg := registry.Default()
	checked := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(path, root+"/"))
		if d.IsDir() {
			if d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && rel != root || slices.Contains(own, rel) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") || rel == "providers/registry/registry.go" ||
			slices.ContainsFunc(laterPhase, func(p string) bool { return strings.HasPrefix(rel, p) }) {
			return nil
		}
		fset := token.NewFileSet()
		src, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		checked++
		for _, f := range namesIn(fset, src, reg, own) {
			t.Errorf("%s:%s", rel, f)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 100 {
		t.Errorf("checked %d Go files; the walk missed the module", checked)
	}
}

// TestNamesInCatchesEachWay: the check above finds every way code names
// a platform, so its silence means something.
func TestNamesInCatchesEachWay(t *testing.T) {
	own := []string{"providers/keygen"}
	for _, code := range []string{
		`func f() { if s.Platform == "csv" { } }`,
		`func f() { switch src.Platform { case "csv": } }`,
		`var m = map[string]int{"keygen": 1, "csv": 2}`,
		`var msg = "revoked Cryptlex licenses"`,
		`func keygenPages() {}`,
		`var x = keygen.Platform`,
	} {
		text := "package p\nimport \"github.com/licentric/licentric-sync/providers/keygen\"\nvar _ = keygen.New\n"
		if !strings.Contains(code, "keygen.") {
			text = "package p\n"
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "x.go", text+code, 0)
		if err != nil {
			t.Fatalf("%s: %v", code, err)
		}
		if len(namesIn(fset, f, registry.Default(), own)) == 0 {
			t.Errorf("%s: not caught", code)
		}
	}
	fset := token.NewFileSet()
	f, _ := parser.ParseFile(fset, "x.go", "package p\n// Keygen in a comment\nvar format = \"csv\"\n", parser.ParseComments)
	if got := namesIn(fset, f, registry.Default(), own); len(got) > 0 {
		t.Errorf("a comment or the csv format caught: %v", got)
	}
}

// platformDirs are the directories of the packages the registry file
// imports: the platform packages, where naming a platform is the point.
func platformDirs() ([]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(root, "providers/registry/registry.go"), nil, parser.ImportsOnly)
	if err != nil {
		return nil, err
	}
	var dirs []string
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		if rel, ok := strings.CutPrefix(p, "github.com/licentric/licentric-sync/"); ok && rel != "providers/platform" {
			dirs = append(dirs, rel)
		}
	}
	return dirs, nil
}

// namesIn lists where a file names a platform: an import of a platform
// package; an identifier, string or message holding a platform's name or
// title; a platform compared with, switched on or keyed by its name.
// A name of three letters or fewer (csv) is also a common word, the
// file format's name, so it counts only where it stands for a platform.
func namesIn(fset *token.FileSet, f *ast.File, reg platform.Registry, own []string) []string {
	var out []string
	at := func(n ast.Node, what string) { out = append(out, strconv.Itoa(fset.Position(n.Pos()).Line)+": "+what) }
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		if slices.ContainsFunc(own, func(d string) bool { return p == "github.com/licentric/licentric-sync/"+d }) {
			at(im, "imports platform package "+p)
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ImportSpec:
			return false
		case *ast.Ident:
			if p, ok := distinctive(n.Name, reg); ok {
				at(n, "identifier "+n.Name+" names "+p)
			}
		case *ast.BasicLit:
			if p, ok := distinctive(n.Value, reg); ok && n.Kind == token.STRING {
				at(n, "string "+n.Value+" names "+p)
			}
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				checkAgainst(n.X, n.Y, reg, at)
				checkAgainst(n.Y, n.X, reg, at)
			}
		case *ast.SwitchStmt:
			if n.Tag != nil && mentionsPlatform(n.Tag) {
				for _, c := range n.Body.List {
					for _, e := range c.(*ast.CaseClause).List {
						if name, ok := platformLit(e, reg); ok {
							at(e, "switch case on platform "+name)
						}
					}
				}
			}
		case *ast.CompositeLit:
			keyed := 0
			for _, e := range n.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					if _, ok := platformLit(kv.Key, reg); ok {
						keyed++
					}
				}
			}
			if keyed >= 2 {
				at(n, "a table keyed by platform names")
			}
		}
		return true
	})
	return out
}

func checkAgainst(lit, other ast.Expr, reg platform.Registry, at func(ast.Node, string)) {
	if name, ok := platformLit(lit, reg); ok && mentionsPlatform(other) {
		at(lit, "compares a platform with "+name)
	}
}

func mentionsPlatform(e ast.Expr) bool {
	return strings.Contains(strings.ToLower(types.ExprString(e)), "platform")
}

func platformLit(e ast.Expr, reg platform.Registry) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	v, err := strconv.Unquote(lit.Value)
	if err != nil {
		return "", false
	}
	_, ok = reg.Lookup(strings.ToLower(v))
	return v, ok
}

// distinctive says whether s holds the name or title of a platform whose
// name is not also a common word.
func distinctive(s string, reg platform.Registry) (string, bool) {
	low := strings.ToLower(s)
	for _, p := range reg {
		if len(p.Name) > 3 && (strings.Contains(low, p.Name) || strings.Contains(low, strings.ToLower(p.Title))) {
			return p.Name, true
		}
	}
	return "", false
}
